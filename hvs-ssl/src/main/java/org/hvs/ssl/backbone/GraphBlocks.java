package org.hvs.ssl.backbone;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.hvs.ssl.backbone.fast.FastLayers;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The layer recipes shared by the backbones (package-private), kept in one place so a faster
 * implementation can replace them: with {@code fast} the convolution, batch-norm and ReLU layers are
 * the {@link FastLayers} versions (same parameters and names, native NHWC kernels).
 */
final class GraphBlocks {

    private GraphBlocks() {
    }

    /** Graph builder with the settings every backbone shares: seed, He init, workspaces off, NCHW input. */
    static GraphBuilder start(long seed, IUpdater updater, int channels, int imageSize) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder()
                .addInputs(BackbonePreset.INPUT)
                .setInputTypes(InputType.convolutional(imageSize, imageSize, channels, CNN2DFormat.NCHW));
    }

    /** A bias-free k x k convolution ('same' padding) named {@code name}; returns its name. */
    static String conv(GraphBuilder g, boolean fast, String name, String input, int kernel, int stride,
                       int channelsOut) {
        if (fast) {
            g.addLayer(name, FastLayers.conv(kernel, stride, channelsOut), input);
            return name;
        }
        g.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride)
                .nOut(channelsOut)
                .convolutionMode(ConvolutionMode.Same)
                .dataFormat(CNN2DFormat.NCHW)
                .hasBias(false)
                .activation(Activation.IDENTITY)
                .build(), input);
        return name;
    }

    /** Batch normalisation named {@code name}; returns its name. */
    static String batchNorm(GraphBuilder g, boolean fast, String name, String input) {
        g.addLayer(name, fast ? FastLayers.batchNorm() : new BatchNormalization.Builder().build(), input);
        return name;
    }

    /** ReLU named {@code name}; returns its name. */
    static String relu(GraphBuilder g, boolean fast, String name, String input) {
        g.addLayer(name, fast ? FastLayers.relu() : new ActivationLayer.Builder().activation(Activation.RELU).build(),
                input);
        return name;
    }

    /** conv (k x k, stride) -> BN -> ReLU with names {@code prefix_conv/_bn/_relu}; returns the ReLU's name. */
    static String convBnRelu(GraphBuilder g, boolean fast, String prefix, String input, int kernel, int stride,
                             int channelsOut) {
        String c = conv(g, fast, prefix + "_conv", input, kernel, stride, channelsOut);
        String b = batchNorm(g, fast, prefix + "_bn", c);
        return relu(g, fast, prefix + "_relu", b);
    }

    /** The residual sum of {@code a} and {@code b} named {@code name}; returns its name. */
    static String add(GraphBuilder g, boolean fast, String name, String a, String b) {
        g.addVertex(name, fast ? FastLayers.add() : new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
        return name;
    }

    /** Global average pooling to {@code [B, C]} as the output vertex {@value BackbonePreset#FEATURES}. */
    static void features(GraphBuilder g, String input) {
        g.addLayer(BackbonePreset.FEATURES, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), input);
        g.setOutputs(BackbonePreset.FEATURES);
    }
}
