package org.hvs.ssl.backbone.fast;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationTanH;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Configurations the fast layers do not implement are refused when the graph is built. */
class FastLayersValidationTest {

    private static String failure(Layer layer) {
        return assertThrows(IllegalArgumentException.class, () -> {
            ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                    .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 2, CNN2DFormat.NCHW))
                    .addLayer("x", layer, "in").setOutputs("x").build());
            g.init();
        }).getMessage();
    }

    @Test
    void convolutionNeedsSameModeNoBiasIdentity() {
        FastConvolution truncate = FastLayers.conv(3, 1, 4);
        truncate.setConvolutionMode(ConvolutionMode.Truncate);
        assertEquals("FastConvolution x needs ConvolutionMode.Same, got Truncate", failure(truncate));
        FastConvolution biased = FastLayers.conv(3, 1, 4);
        biased.setHasBias(true);
        assertEquals("FastConvolution x supports no bias, got hasBias=true", failure(biased));
        FastConvolution tanh = FastLayers.conv(3, 1, 4);
        tanh.setActivationFn(new ActivationTanH());
        assertEquals("FastConvolution x supports only the identity activation, got tanh", failure(tanh));
    }

    @Test
    void batchNormNeedsLogStdAndLearnedScale() {
        FastBatchNorm variance = FastLayers.batchNorm();
        variance.setUseLogStd(false);
        assertEquals("FastBatchNorm x needs useLogStd=true, got false", failure(variance));
        FastBatchNorm locked = FastLayers.batchNorm();
        locked.setLockGammaBeta(true);
        assertEquals("FastBatchNorm x needs learned gamma/beta, got lockGammaBeta=true", failure(locked));
    }

    @Test
    void reluLayerIsReluOnly() {
        FastRelu tanh = FastLayers.relu();
        tanh.setActivationFn(new ActivationTanH());
        assertEquals("FastRelu x supports only ReLU, got tanh", failure(tanh));
    }
}
