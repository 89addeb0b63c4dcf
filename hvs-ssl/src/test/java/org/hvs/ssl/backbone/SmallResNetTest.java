package org.hvs.ssl.backbone;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmallResNetTest {

    private static INDArray images(long seed, int batch, int channels, int size) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, batch, channels, size, size);
    }

    @ParameterizedTest
    @CsvSource({"32, 1", "32, 3", "16, 1", "16, 3"})
    void featuresHaveFourTimesWidthForEveryInputSize(int size, int channels) {
        SmallResNet backbone = SmallResNet.builder().inputChannels(channels).width(4).imageSize(size).seed(1).build();
        ComputationGraph graph = backbone.build();
        INDArray out = graph.outputSingle(false, images(2, 2, channels, size));
        assertEquals(16, backbone.featureDim());
        assertArrayEquals(new long[]{2, 16}, out.shape());
    }

    @Test
    void graphDeclaredFor32PixelsAcceptsHalfResolutionViews() {
        // selection at --select-scale 0.5 feeds 16-pixel views to the same network
        ComputationGraph graph = SmallResNet.builder().inputChannels(3).width(4).seed(1).build().build();
        assertArrayEquals(new long[]{3, 16}, graph.outputSingle(false, images(3, 3, 3, 16)).shape());
    }

    @Test
    void defaultsAreThreeStagesOfWidth32() {
        SmallResNet backbone = SmallResNet.builder().build();
        assertEquals(3, backbone.inputChannels());
        assertEquals(32, backbone.width());
        assertArrayEquals(new int[]{1, 1, 1}, backbone.blocksPerStage());
        assertEquals(32, backbone.imageSize());
        assertEquals(128, backbone.featureDim());
        assertEquals(16, SmallResNet.builder().width(8).blocksPerStage(1, 1).build().featureDim());
    }

    /**
     * Width 2, one channel, blocks [1, 1, 1]. Bias-free convolutions have k*k*in*out weights;
     * DL4J's batch norm has 4 parameters per channel (gamma, beta, mean, log10 stdev).
     */
    @Test
    void parameterCountMatchesHandComputation() {
        long stem = 3 * 3 * 1 * 2 + 4 * 2;                                              // 26
        long stage0 = (3 * 3 * 2 * 2 + 4 * 2) + (3 * 3 * 2 * 2 + 4 * 2);               // 88, identity shortcut
        long stage1 = (3 * 3 * 2 * 4 + 4 * 4) + (3 * 3 * 4 * 4 + 4 * 4) + (2 * 4 + 4 * 4);      // 272
        long stage2 = (3 * 3 * 4 * 8 + 4 * 8) + (3 * 3 * 8 * 8 + 4 * 8) + (4 * 8 + 4 * 8);      // 992
        ComputationGraph graph = SmallResNet.builder().inputChannels(1).width(2).imageSize(8).build().build();
        assertEquals(stem + stage0 + stage1 + stage2, graph.numParams());
        assertEquals(1378, graph.numParams());
        // one more block in stage 0 adds exactly one identity block
        ComputationGraph deeper = SmallResNet.builder().inputChannels(1).width(2).imageSize(8)
                .blocksPerStage(2, 1, 1).build().build();
        assertEquals(1378 + 88, deeper.numParams());
    }

    @Test
    void residualBlocksAddShortcutsAndProjectOnlyWhereTheShapeChanges() {
        ComputationGraphConfiguration conf = SmallResNet.builder().width(4).blocksPerStage(2, 1, 1).build().configuration();
        long adds = conf.getVertices().values().stream()
                .filter(v -> v instanceof ElementWiseVertex).count();
        long projections = conf.getVertices().keySet().stream().filter(n -> n.endsWith("_proj_conv")).count();
        assertEquals(4, adds);
        assertEquals(2, projections, "stages 1 and 2 change shape; stage 0 keeps width");
        assertEquals(java.util.List.of(BackbonePreset.FEATURES), conf.getNetworkOutputs());
        assertEquals(java.util.List.of(BackbonePreset.INPUT), conf.getNetworkInputs());
    }

    @Test
    void noOutputLayerAndNoWorkspaces() {
        SmallResNet backbone = SmallResNet.builder().width(4).build();
        ComputationGraphConfiguration conf = backbone.configuration();
        assertEquals(WorkspaceMode.NONE, conf.getTrainingWorkspaceMode());
        assertEquals(WorkspaceMode.NONE, conf.getInferenceWorkspaceMode());
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv) {
                assertFalse(lv.getLayerConf().getLayer() instanceof BaseOutputLayer,
                        "output layer " + lv.getLayerConf().getLayer().getLayerName());
            }
        }
        ComputationGraph graph = backbone.build();
        for (Layer layer : graph.getLayers()) {
            assertFalse(layer instanceof IOutputLayer, layer.getConfig().getLayerName());
        }
    }

    @Test
    void sameSeedSameParametersOtherSeedOthers() {
        SmallResNet.Builder b = SmallResNet.builder().inputChannels(1).width(2).imageSize(8);
        INDArray a = b.seed(5).build().build().params();
        INDArray same = b.seed(5).build().build().params();
        INDArray other = b.seed(6).build().build().params();
        assertEquals(a, same);
        assertNotEquals(a, other);
    }

    @Test
    void trainsFromExternalErrors() {
        ComputationGraph graph = SmallResNet.builder().inputChannels(1).width(4).imageSize(8).seed(3).build().build();
        INDArray x = images(4, 8, 1, 8);
        Nd4j.getRandom().setSeed(5);
        INDArray target = Nd4j.rand(DataType.FLOAT, 8, 16);
        double[] losses = ExternalErrors.train(graph, x, target, 20);
        assertTrue(losses[19] < 0.5 * losses[0], "MSE " + losses[0] + " -> " + losses[19]);
    }

    @Test
    void scoringForwardInTrainModeLeavesParametersUnchanged() {
        // HVS scores candidates with a no-gradient forward in train mode (batch statistics):
        // DL4J only moves the batch-norm running statistics when the gradient is applied.
        ComputationGraph graph = SmallResNet.builder().inputChannels(1).width(2).imageSize(8).build().build();
        INDArray before = graph.params().dup();
        Map<String, INDArray> acts = graph.feedForward(new INDArray[]{images(6, 4, 1, 8)}, true, false);
        graph.outputSingle(true, images(7, 4, 1, 8));
        assertArrayEquals(new long[]{4, 8}, acts.get(BackbonePreset.FEATURES).shape());
        assertEquals(before, graph.params());
    }

    @Test
    void builderValidates() {
        assertEquals("inputChannels must be 1 or 3, got 2", assertThrows(IllegalArgumentException.class,
                () -> SmallResNet.builder().inputChannels(2).build()).getMessage());
        assertEquals("width must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> SmallResNet.builder().width(0).build()).getMessage());
        assertEquals("blocksPerStage must name at least one stage, got []", assertThrows(IllegalArgumentException.class,
                () -> SmallResNet.builder().blocksPerStage().build()).getMessage());
        assertEquals("blocksPerStage[1] must be >= 1, got 0 in [1, 0, 1]", assertThrows(IllegalArgumentException.class,
                () -> SmallResNet.builder().blocksPerStage(1, 0, 1).build()).getMessage());
        assertEquals("imageSize must be >= 1, got -4", assertThrows(IllegalArgumentException.class,
                () -> SmallResNet.builder().imageSize(-4).build()).getMessage());
        assertEquals("updater", assertThrows(NullPointerException.class,
                () -> SmallResNet.builder().updater(null)).getMessage());
    }
    /** No batch norm in the presets carries an activation that DL4J would silently skip. */
    @ParameterizedTest
    @CsvSource({"true", "false"})
    void presetsHaveNoIgnoredActivation(boolean fast) {
        ComputationGraph resnet = SmallResNet.builder().width(4).fastLayers(fast).seed(1).build().build();
        ComputationGraph cnn = SmallCnn.builder().fastLayers(fast).seed(1).build().build();
        assertTrue(org.hvs.core.method.Backbone.ignoredActivations(resnet.getConfiguration()).isEmpty());
        assertTrue(org.hvs.core.method.Backbone.ignoredActivations(cnn.getConfiguration()).isEmpty());
    }
}
