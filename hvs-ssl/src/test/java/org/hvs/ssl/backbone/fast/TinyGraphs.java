package org.hvs.ssl.backbone.fast;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
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
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A tiny conv-BN-ReLU network with a strided convolution and a residual add, built from DL4J's layers
 * or from the fast ones with the same names and seed (tests only).
 */
final class TinyGraphs {

    private TinyGraphs() {
    }

    static ComputationGraph build(boolean fast, DataType type, int channels, int size, long seed) {
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(type).updater(new Sgd(0.1)).weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs("input")
                .setInputTypes(InputType.convolutional(size, size, channels, CNN2DFormat.NCHW));
        g.addLayer("a_conv", conv(fast, 3, 1, 4), "input");
        g.addLayer("a_bn", bn(fast), "a_conv");
        g.addLayer("a_relu", relu(fast), "a_bn");
        g.addLayer("b_conv", conv(fast, 3, 2, 6), "a_relu");
        g.addLayer("b_bn", bn(fast), "b_conv");
        g.addLayer("b_relu", relu(fast), "b_bn");
        g.addLayer("c_conv", conv(fast, 3, 1, 6), "b_relu");
        g.addLayer("c_bn", bn(fast), "c_conv");
        g.addLayer("p_conv", conv(fast, 1, 2, 6), "a_relu");
        g.addLayer("p_bn", bn(fast), "p_conv");
        g.addVertex("add", fast ? FastLayers.add() : new ElementWiseVertex(ElementWiseVertex.Op.Add), "c_bn", "p_bn");
        g.addLayer("out_relu", relu(fast), "add");
        g.addLayer("features", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "out_relu");
        g.setOutputs("features");
        ComputationGraphConfiguration conf = g.build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    private static Layer conv(boolean fast, int k, int s, int out) {
        return fast ? FastLayers.conv(k, s, out) : new ConvolutionLayer.Builder(k, k).stride(s, s).nOut(out)
                .convolutionMode(ConvolutionMode.Same).dataFormat(CNN2DFormat.NCHW).hasBias(false)
                .activation(Activation.IDENTITY).build();
    }

    private static Layer bn(boolean fast) {
        return fast ? FastLayers.batchNorm() : new BatchNormalization.Builder().build();
    }

    private static Layer relu(boolean fast) {
        return fast ? FastLayers.relu() : new ActivationLayer.Builder().activation(Activation.RELU).build();
    }
}
