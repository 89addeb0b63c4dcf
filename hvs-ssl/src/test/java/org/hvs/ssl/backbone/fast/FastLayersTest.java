package org.hvs.ssl.backbone.fast;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FastLayersTest {

    private static INDArray images(long seed, int batch, int channels, int size) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, batch, channels, size, size).subi(0.3);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        double scale = Math.max(1e-3, expected.norm2Number().doubleValue());
        double diff = expected.sub(actual).norm2Number().doubleValue();
        assertTrue(diff <= tol * scale, what + ": |diff| " + diff + " vs |expected| " + scale);
    }

    @Test
    void sameSeedGivesTheSameParametersAsDl4jLayers() {
        ComputationGraph ref = TinyGraphs.build(false, DataType.DOUBLE, 3, 6, 11);
        ComputationGraph fast = TinyGraphs.build(true, DataType.DOUBLE, 3, 6, 11);
        assertEquals(ref.numParams(), fast.numParams());
        assertEquals(ref.paramTable().keySet(), fast.paramTable().keySet());
        assertEquals(ref.params(), fast.params());
        assertNotEquals(ref.params(), TinyGraphs.build(true, DataType.DOUBLE, 3, 6, 12).params());
    }

    @Test
    void trainModeOutputsAndGradientsEqualDl4jLayers() {
        ComputationGraph ref = TinyGraphs.build(false, DataType.DOUBLE, 3, 6, 1);
        ComputationGraph fast = TinyGraphs.build(true, DataType.DOUBLE, 3, 6, 1);
        INDArray x = images(2, 3, 3, 6);
        INDArray outRef = ref.feedForward(new INDArray[]{x}, true, false).get("features");
        INDArray outFast = fast.feedForward(new INDArray[]{x}, true, false).get("features");
        assertClose(outRef, outFast, 1e-10, "features");
        INDArray eps = images(3, 3, 6, 1).reshape(3, 6);
        Gradient gRef = ref.backpropGradient(eps);
        Gradient gFast = fast.backpropGradient(eps);
        for (Map.Entry<String, INDArray> e : gRef.gradientForVariable().entrySet()) {
            assertClose(e.getValue(), gFast.getGradientFor(e.getKey()), 1e-6, e.getKey());
        }
        assertTrue(gRef.getGradientFor("a_conv_W").norm2Number().doubleValue() > 0);
    }

    @Test
    void trainingStepsMoveParametersAndRunningStatisticsLikeDl4j() {
        ComputationGraph ref = TinyGraphs.build(false, DataType.DOUBLE, 1, 8, 4);
        ComputationGraph fast = TinyGraphs.build(true, DataType.DOUBLE, 1, 8, 4);
        for (int step = 0; step < 4; step++) {
            INDArray x = images(10 + step, 4, 1, 8).muli(1 + step);
            INDArray eps = images(20 + step, 4, 6, 1).reshape(4, 6);
            for (ComputationGraph graph : new ComputationGraph[]{ref, fast}) {
                graph.feedForward(new INDArray[]{x}, true, false);
                Gradient g = graph.backpropGradient(eps);
                graph.getUpdater().update(g, step, 0, 4, LayerWorkspaceMgr.noWorkspaces());
                graph.params().subi(g.gradient());
            }
        }
        for (String key : new String[]{"a_bn_mean", "a_bn_log10stdev", "b_bn_mean", "b_bn_log10stdev", "p_bn_mean"}) {
            assertNotEquals(0.0, fast.getParam(key).norm2Number().doubleValue(), key + " moved");
            assertClose(ref.getParam(key), fast.getParam(key), 1e-9, key);
        }
        assertClose(ref.params(), fast.params(), 1e-9, "all parameters");
        // inference mode uses those running statistics, in both implementations
        INDArray x = images(30, 2, 1, 8);
        assertClose(ref.outputSingle(false, x), fast.outputSingle(false, x), 1e-9, "inference features");
    }

    /**
     * The layers keep their gradient buffers from one backward pass to the next (DL4J clears layers after
     * each pass; the buffers survive that): every later pass, also after a batch of another size and in
     * float (the oneDNN kernels), must give DL4J's gradients, not sums with the last pass's contents.
     */
    @Test
    void keptBuffersGiveDl4jGradientsPassAfterPassInFloat() {
        ComputationGraph ref = TinyGraphs.build(false, DataType.FLOAT, 3, 8, 6);
        ComputationGraph fast = TinyGraphs.build(true, DataType.FLOAT, 3, 8, 6);
        int[] batches = {4, 6, 4, 6, 4};
        for (int pass = 0; pass < batches.length; pass++) {
            int b = batches[pass];
            INDArray x = images(40 + pass, b, 3, 8).castTo(DataType.FLOAT);
            INDArray eps = images(50 + pass, b, 6, 1).reshape(b, 6).castTo(DataType.FLOAT);
            ref.feedForward(new INDArray[]{x}, true, false);
            fast.feedForward(new INDArray[]{x}, true, false);
            Gradient gRef = ref.backpropGradient(eps);
            Gradient gFast = fast.backpropGradient(eps);
            for (Map.Entry<String, INDArray> e : gRef.gradientForVariable().entrySet()) {
                assertClose(e.getValue(), gFast.getGradientFor(e.getKey()), 1e-4, "pass " + pass + ", " + e.getKey());
            }
        }
    }

    /** The documented lifetime: a fast layer's train-mode output is its kept buffer, an inference output is new. */
    @Test
    void trainModeOutputsLiveInKeptBuffersAndInferenceOutputsAreNew() {
        ComputationGraph fast = TinyGraphs.build(true, DataType.FLOAT, 3, 8, 6);
        INDArray x1 = images(60, 4, 3, 8).castTo(DataType.FLOAT);
        INDArray x2 = images(61, 4, 3, 8).castTo(DataType.FLOAT);
        INDArray first = fast.feedForward(new INDArray[]{x1}, true, false).get("a_relu");
        INDArray firstCopy = first.dup();
        INDArray second = fast.feedForward(new INDArray[]{x2}, true, false).get("a_relu");
        assertTrue(first.data().pointer().address() == second.data().pointer().address(), "one kept buffer");
        assertNotEquals(firstCopy, first, "the next train-mode forward overwrote it");
        INDArray inference1 = fast.feedForward(new INDArray[]{x1}, false, false).get("a_relu");
        INDArray inference2 = fast.feedForward(new INDArray[]{x2}, false, false).get("a_relu");
        assertTrue(inference1.data().pointer().address() != inference2.data().pointer().address(), "new arrays");
        assertTrue(inference1.data().pointer().address() != second.data().pointer().address());
    }

    @Test
    void trainModeForwardLeavesParametersUnchanged() {
        ComputationGraph fast = TinyGraphs.build(true, DataType.DOUBLE, 1, 8, 4);
        INDArray before = fast.params().dup();
        fast.outputSingle(true, images(5, 4, 1, 8));
        fast.feedForward(new INDArray[]{images(6, 4, 1, 8)}, true, false);
        assertEquals(before, fast.params());
    }

    @Test
    void configurationRoundTripsThroughJsonWithTheFastLayers() {
        ComputationGraph fast = TinyGraphs.build(true, DataType.FLOAT, 1, 8, 4);
        String json = fast.getConfiguration().toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(fast.getConfiguration(), back);
        ComputationGraph rebuilt = new ComputationGraph(back);
        rebuilt.init(fast.params().dup(), false);
        assertInstanceOf(FastConvolutionImpl.class, rebuilt.getLayer("a_conv"));
        assertInstanceOf(FastBatchNormImpl.class, rebuilt.getLayer("a_bn"));
        assertInstanceOf(FastReluImpl.class, rebuilt.getLayer("a_relu"));
        assertInstanceOf(FastAddVertexImpl.class, rebuilt.getVertex("add"));
        INDArray x = images(7, 2, 1, 8).castTo(DataType.FLOAT);
        assertEquals(fast.outputSingle(false, x), rebuilt.outputSingle(false, x));
    }

    @Test
    void modelSerializerRoundTripKeepsFastLayersParametersAndUpdater() throws Exception {
        ComputationGraph fast = TinyGraphs.build(true, DataType.FLOAT, 1, 8, 4);
        INDArray x = images(8, 4, 1, 8).castTo(DataType.FLOAT);
        fast.feedForward(new INDArray[]{x}, true, false);
        Gradient g = fast.backpropGradient(Nd4j.ones(DataType.FLOAT, 4, 6));
        fast.getUpdater().update(g, 0, 0, 4, LayerWorkspaceMgr.noWorkspaces());
        fast.params().subi(g.gradient());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        org.deeplearning4j.util.ModelSerializer.writeModel(fast, bytes, true);
        ComputationGraph back = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(
                new java.io.ByteArrayInputStream(bytes.toByteArray()), true);
        assertInstanceOf(FastConvolutionImpl.class, back.getLayer("b_conv"));
        assertInstanceOf(FastBatchNormImpl.class, back.getLayer("b_bn"));
        assertEquals(fast.params(), back.params());
        assertEquals(fast.outputSingle(false, x), back.outputSingle(false, x));
    }

    @Test
    void convolutionInputRefilledInPlaceGivesNewOutputs() {
        ComputationGraph fast = TinyGraphs.build(true, DataType.DOUBLE, 1, 8, 4);
        org.deeplearning4j.nn.api.Layer conv = fast.getLayer("a_conv");
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray batch = images(9, 2, 1, 8);
        conv.setInput(batch, mgr);
        INDArray first = conv.activate(false, mgr).dup();
        INDArray other = images(10, 2, 1, 8);
        batch.assign(other);                       // a reused input buffer, refilled
        conv.setInput(batch, mgr);
        INDArray second = conv.activate(false, mgr).dup();
        conv.setInput(other, mgr);
        assertEquals(conv.activate(false, mgr), second);
        assertNotEquals(first, second);
    }

    @Test
    void factoriesValidate() {
        assertEquals("kernel must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> FastLayers.conv(0, 1, 4)).getMessage());
        assertEquals("stride must be >= 1, got -1", assertThrows(IllegalArgumentException.class,
                () -> FastLayers.conv(3, -1, 4)).getMessage());
        assertEquals("channelsOut must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> FastLayers.conv(3, 1, 0)).getMessage());
    }
}
