package org.hvs.ssl.backbone;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmallCnnTest {

    private static INDArray images(long seed, int batch, int channels, int size) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, batch, channels, size, size);
    }

    @ParameterizedTest
    @CsvSource({"32, 1", "32, 3", "16, 1", "16, 3"})
    void featuresAre128Wide(int size, int channels) {
        SmallCnn backbone = SmallCnn.builder().inputChannels(channels).imageSize(size).build();
        INDArray out = backbone.build().outputSingle(false, images(1, 2, channels, size));
        assertEquals(128, backbone.featureDim());
        assertArrayEquals(new long[]{2, 128}, out.shape());
    }

    @Test
    void parameterCountMatchesHandComputation() {
        // bias-free convolutions k*k*in*out, batch norm 4 per channel
        long common = (3 * 3 * 32 * 64 + 4 * 64) + (3 * 3 * 64 * 128 + 4 * 128) + 4 * 32;
        assertEquals(3 * 3 * 3 * 32 + common, SmallCnn.builder().inputChannels(3).build().build().numParams());
        assertEquals(93_920, SmallCnn.builder().inputChannels(3).build().build().numParams());
        assertEquals(3 * 3 * 1 * 32 + common, SmallCnn.builder().inputChannels(1).build().build().numParams());
    }

    @Test
    void noOutputLayerNoWorkspacesAndSeeded() {
        SmallCnn backbone = SmallCnn.builder().inputChannels(1).imageSize(8).seed(9).build();
        assertEquals(WorkspaceMode.NONE, backbone.configuration().getTrainingWorkspaceMode());
        assertEquals(WorkspaceMode.NONE, backbone.configuration().getInferenceWorkspaceMode());
        ComputationGraph graph = backbone.build();
        for (Layer layer : graph.getLayers()) {
            assertFalse(layer instanceof IOutputLayer, layer.getConfig().getLayerName());
        }
        assertEquals(graph.params(), backbone.build().params());
        assertNotEquals(graph.params(), SmallCnn.builder().inputChannels(1).imageSize(8).seed(10).build().build().params());
    }

    @Test
    void trainsFromExternalErrors() {
        ComputationGraph graph = SmallCnn.builder().inputChannels(3).imageSize(4).seed(2).updater(new Sgd(0.5))
                .build().build();
        INDArray x = images(3, 4, 3, 4);
        Nd4j.getRandom().setSeed(4);
        INDArray target = Nd4j.rand(DataType.FLOAT, 4, 128);
        double[] losses = ExternalErrors.train(graph, x, target, 20);
        assertTrue(losses[19] < 0.5 * losses[0], "MSE " + losses[0] + " -> " + losses[19]);
    }

    /**
     * Pins DL4J M2.1's behaviour that the methods rely on: the updater rewrites the gradient in
     * place into the step to subtract, SGD's {@code lr * g / batchSize} (mini-batch mode divides by
     * the batch size), while the batch-norm running-mean "gradient" (the change of the running
     * mean) passes through unscaled.
     */
    @Test
    void updaterTurnsGradientIntoStepDividedByBatchSize() {
        ComputationGraph graph = SmallCnn.builder().inputChannels(1).imageSize(8).updater(new Sgd(0.5)).build().build();
        INDArray x = images(5, 4, 1, 8);
        graph.feedForward(new INDArray[]{x}, true, false);
        Gradient g = graph.backpropGradient(Nd4j.ones(DataType.FLOAT, 4, 128));
        INDArray rawW = g.getGradientFor("c2_conv_W").dup();
        INDArray rawMean = g.getGradientFor("c2_bn_mean").dup();
        assertTrue(rawW.norm2Number().doubleValue() > 0);
        assertTrue(rawMean.norm2Number().doubleValue() > 0);
        graph.getUpdater().update(g, 0, 0, 4, LayerWorkspaceMgr.noWorkspaces());
        assertTrue(rawW.mul(0.5 / 4).equalsWithEps(g.getGradientFor("c2_conv_W"), 1e-6));
        assertTrue(rawMean.equalsWithEps(g.getGradientFor("c2_bn_mean"), 1e-6));
    }

    @Test
    void builderValidates() {
        assertEquals("inputChannels must be 1 or 3, got 4", assertThrows(IllegalArgumentException.class,
                () -> SmallCnn.builder().inputChannels(4).build()).getMessage());
        assertEquals("imageSize must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> SmallCnn.builder().imageSize(0).build()).getMessage());
    }
}
