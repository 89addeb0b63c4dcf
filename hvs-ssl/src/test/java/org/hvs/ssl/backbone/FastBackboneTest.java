package org.hvs.ssl.backbone;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hvs.ssl.backbone.fast.FastAddVertex;
import org.hvs.ssl.backbone.fast.FastBatchNorm;
import org.hvs.ssl.backbone.fast.FastConvolution;
import org.hvs.ssl.backbone.fast.FastRelu;
import org.hvs.core.train.GraphTraining;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backbones' fast-layer option against their DL4J-layer path. */
class FastBackboneTest {

    private static INDArray images(long seed, int batch, int channels, int size) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, batch, channels, size, size);
    }

    private static void assertClose(INDArray expected, INDArray actual, double relTol, String what) {
        double scale = Math.max(1e-6, expected.norm2Number().doubleValue());
        double diff = expected.sub(actual).norm2Number().doubleValue();
        assertTrue(diff <= relTol * scale, what + ": |diff| " + diff + " vs |expected| " + scale);
    }

    @Test
    void fastLayersAreTheDefaultAndCanBeSwitchedOff() {
        assertTrue(SmallCnn.builder().build().fastLayers());
        assertTrue(SmallResNet.builder().build().fastLayers());
        ComputationGraph fast = SmallResNet.builder().width(2).imageSize(8).build().build();
        assertInstanceOf(FastConvolution.class, fast.getLayer("stem_conv").conf().getLayer());
        assertInstanceOf(FastBatchNorm.class, fast.getLayer("s1b0_proj_bn").conf().getLayer());
        assertInstanceOf(FastRelu.class, fast.getLayer("s2b0_relu").conf().getLayer());
        assertInstanceOf(FastAddVertex.class, fast.getConfiguration().getVertices().get("s2b0_add"));
        ComputationGraph dl4j = SmallResNet.builder().width(2).imageSize(8).fastLayers(false).build().build();
        assertSame(ConvolutionLayer.class, dl4j.getLayer("stem_conv").conf().getLayer().getClass());
        assertSame(BatchNormalization.class, dl4j.getLayer("s1b0_proj_bn").conf().getLayer().getClass());
        assertFalse(SmallCnn.builder().fastLayers(false).build().fastLayers());
        assertTrue(SmallCnn.builder().build().toString().contains("fastLayers=true"));
    }

    @Test
    void inferenceInWorkspacesMatchesThePlainForward() {
        for (boolean fast : new boolean[] {true, false}) {
            InferenceWorkspaces.assertMatchesPlainForward(
                    SmallResNet.builder().width(4).imageSize(8).seed(5).fastLayers(fast).build().build(),
                    images(7, 6, 3, 8));
            InferenceWorkspaces.assertMatchesPlainForward(
                    SmallCnn.builder().imageSize(8).seed(5).fastLayers(fast).build().build(), images(8, 5, 3, 8));
        }
    }

    @Test
    void smallCnnFastAndDl4jLayersAgree() {
        agree(SmallCnn.builder().inputChannels(3).imageSize(8).seed(3).updater(new Sgd(0.2)),
                SmallCnn.Builder::fastLayers, 3);
    }

    @Test
    void smallResNetFastAndDl4jLayersAgree() {
        agree(SmallResNet.builder().inputChannels(3).width(4).imageSize(8).seed(3).updater(new Sgd(0.2)),
                SmallResNet.Builder::fastLayers, 3);
    }

    private interface Flag<B> {
        B set(B builder, boolean fast);
    }

    /** Same seed, same parameters; same features in both modes; same parameters after training steps. */
    private static <B> void agree(B builder, Flag<B> flag, int channels) {
        ComputationGraph dl4j = build(flag.set(builder, false));
        ComputationGraph fast = build(flag.set(builder, true));
        assertEquals(dl4j.params(), fast.params());
        INDArray x = images(4, 6, channels, 8);
        assertClose(dl4j.outputSingle(false, x), fast.outputSingle(false, x), 1e-5, "inference features");
        assertClose(dl4j.outputSingle(true, x), fast.outputSingle(true, x), 1e-5, "train-mode features");
        Nd4j.getRandom().setSeed(5);
        INDArray target = Nd4j.rand(DataType.FLOAT, 6, (int) dl4j.outputSingle(false, x).size(1));
        double[] lossDl4j = ExternalErrors.train(dl4j, x, target, 5);
        double[] lossFast = ExternalErrors.train(fast, x, target, 5);
        assertEquals(lossDl4j[4], lossFast[4], 1e-4 * Math.abs(lossDl4j[4]) + 1e-7);
        assertTrue(lossFast[4] < lossFast[0], "loss " + lossFast[0] + " -> " + lossFast[4]);
        assertClose(dl4j.params(), fast.params(), 1e-4, "parameters after 5 steps");
        // inference with the trained running statistics; the snapshot-restore of train-mode scoring
        assertClose(dl4j.outputSingle(false, x), fast.outputSingle(false, x), 1e-4, "inference after training");
        INDArray before = fast.params().dup();
        GraphTraining.inference(fast, images(6, 6, channels, 8), true);
        assertEquals(before, fast.params());
        assertNotEquals(0.0, fast.getParam(fast.getLayers()[1].conf().getLayer().getLayerName() + "_mean")
                .norm2Number().doubleValue());
    }

    private static ComputationGraph build(Object builder) {
        if (builder instanceof SmallCnn.Builder b) {
            return b.build().build();
        }
        return ((SmallResNet.Builder) builder).build().build();
    }
}
