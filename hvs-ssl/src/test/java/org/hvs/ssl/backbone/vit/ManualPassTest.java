package org.hvs.ssl.backbone.vit;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hvs.ssl.nn.ExactSameDiffLayer;
import org.hvs.ssl.nn.ManualLayer;
import org.hvs.ssl.nn.ManualLayerRuntime;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ViT layers' hand-written passes against their SameDiff definitions ({@code defineLayer}, run
 * by SameDiff itself here, outside DL4J): the same output, parameter gradients and input gradient in
 * double precision, at the stored and other token counts and grids, masked and plain.
 */
class ManualPassTest {
    private static final double TOL = 1e-10;

    /** Compares forward output, dL/d param and dL/d input of {@code sum(eps * out)} for random parameters. */
    private static void assertSameAsSameDiff(ExactSameDiffLayer conf, INDArray x, long seed) {
        Map<String, long[]> shapes = conf.getLayerParams().getParamShapes();
        Nd4j.getRandom().setSeed(seed);
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            params.put(e.getKey(), Nd4j.rand(DataType.DOUBLE, e.getValue()).subi(0.5).muli(1.5));
        }
        ManualLayer manual = conf.manual();
        ManualLayer.Forward f = manual.forward(x, params, true);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, f.output().shape()).subi(0.5);
        Map<String, INDArray> grads = new LinkedHashMap<>();
        params.forEach((k, v) -> grads.put(k, Nd4j.zeros(DataType.DOUBLE, v.shape()).addi(Double.NaN)));
        INDArray dx = manual.backward(f.cache(), eps, params, grads);

        SameDiff sd = SameDiff.create();
        SDVariable in = sd.var("input", x.dup());
        Map<String, SDVariable> vars = new LinkedHashMap<>();
        params.forEach((k, v) -> vars.put(k, sd.var(k, v.dup())));
        SDVariable out = conf.defineLayer(sd, in, vars, null);
        SDVariable loss = out.mul(sd.constant(eps)).sum();
        sd.setLossVariables(loss);
        List<String> wrt = new ArrayList<>(params.keySet());
        wrt.add("input");
        Map<String, INDArray> ref = sd.calculateGradients(null, wrt);
        INDArray refOut = out.eval();

        assertArrayEquals(refOut.shape(), f.output().shape(), "output shape");
        assertTrue(refOut.equalsWithEps(f.output(), TOL), "output differs from the SameDiff definition");
        assertArrayEquals(x.shape(), dx.shape(), "input gradient shape");
        assertTrue(ref.get("input").equalsWithEps(dx, TOL), "input gradient differs");
        for (String k : params.keySet()) {
            assertTrue(ref.get(k).reshape(grads.get(k).shape()).equalsWithEps(grads.get(k), TOL),
                    k + " gradient differs: " + ref.get(k) + " vs " + grads.get(k));
        }
        assertNull(manual.forward(x, params, false).cache(), "no cache is kept without a backward pass");
    }

    @Test
    void transformerBlockMatchesItsSameDiffDefinition() {
        TransformerBlock block = new TransformerBlock.Builder().dim(6).heads(3).mlpRatio(2).build();
        for (int n : new int[] {1, 5}) {
            Nd4j.getRandom().setSeed(n);
            assertSameAsSameDiff(block, Nd4j.rand(DataType.DOUBLE, 2, 6, n).subi(0.5).muli(2), 21 + n);
        }
    }

    @Test
    void tokenNormAndSelectMatchTheirSameDiffDefinitions() {
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4, 5).subi(0.5).muli(3);
        assertSameAsSameDiff(new TokenNorm.Builder().dim(4).build(), x, 5);
        assertSameAsSameDiff(new TokenSelect.Builder().part(TokenSelect.Part.CLS).dim(4).build(), x, 6);
        assertSameAsSameDiff(new TokenSelect.Builder().part(TokenSelect.Part.PATCHES).dim(4).build(), x, 7);
    }

    @Test
    void patchTokensMatchTheirSameDiffDefinitionPlainMaskedAndResized() {
        for (boolean masked : new boolean[] {false, true}) {
            PatchTokens tokens = new PatchTokens.Builder().dim(4).grid(2, 3).masked(masked).build();
            for (int[] grid : new int[][] {{2, 3}, {3, 2}, {1, 1}}) {
                Nd4j.getRandom().setSeed(grid[0] * 10L + grid[1]);
                INDArray x = Nd4j.rand(DataType.DOUBLE, 2, masked ? 5 : 4, grid[0], grid[1]).subi(0.5);
                if (masked) {
                    x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(4))
                            .assign(Nd4j.rand(DataType.DOUBLE, 2, grid[0], grid[1]).gt(0.5).castTo(DataType.DOUBLE));
                }
                assertSameAsSameDiff(tokens, x, 8);
            }
        }
    }

    /**
     * The backward pass reuses the training forward's cache, or runs the forward again when the last
     * forward was in inference mode (no cache kept): the same gradients either way.
     */
    @Test
    void backwardAfterAnInferenceForwardRecomputesTheCache() {
        ComputationGraph net = TransformerBlockTest.twoBlocks(4, 2, 3);
        Nd4j.getRandom().setSeed(12);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 4, 3);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 2, 4, 3).subi(0.5);
        net.feedForward(new INDArray[] {x}, true, false);
        INDArray afterTraining = net.backpropGradient(eps).gradient().dup();
        // a training forward on other tokens first: its cache must not be what the backward pass reads
        net.feedForward(new INDArray[] {Nd4j.rand(DataType.DOUBLE, 2, 4, 3)}, true, false);
        net.feedForward(new INDArray[] {x}, false, false);
        INDArray afterInference = net.backpropGradient(eps).gradient().dup();
        assertTrue(afterTraining.equalsWithEps(afterInference, 1e-12), "same gradients with and without a cached forward");
        assertTrue(afterTraining.norm2Number().doubleValue() > 1e-3, "a gradient to compare");
    }

    @Test
    void theVitRunsEveryTokenLayerByHand() {
        ComputationGraph g = VisionTransformerTest.small().buildMasked();
        for (String name : new String[] {VisionTransformer.TOKENS, VisionTransformer.blockName(0),
                VisionTransformer.blockName(1), VisionTransformer.NORM, "features", VisionTransformer.PATCH_TOKENS}) {
            assertInstanceOf(ManualLayerRuntime.class, g.getLayer(name), name);
        }
        assertEquals(2, VisionTransformer.from(g).depth());
    }
}
