package org.hvs.ssl.backbone.vit;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hvs.core.method.Backbone;
import org.hvs.core.testing.TinyNets;
import org.hvs.core.train.GraphTraining;
import org.hvs.ssl.backbone.InferenceWorkspaces;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ViT graph: shapes, position interpolation, masking, variants, gradients, validation. */
class VisionTransformerTest {

    /** 8-px images, patch 2 (4 x 4 grid), dim 8, 2 blocks of 2 heads. */
    static VisionTransformer small() {
        return VisionTransformer.builder().imageSize(8).patchSize(2).dim(8).depth(2).heads(2).seed(5).build();
    }

    /** 4-px images, patch 2 (2 x 2 grid), dim 4, 1 block of 2 heads, MLP ratio 2, in double. */
    static ComputationGraph minute(boolean masked) {
        VisionTransformer v = VisionTransformer.builder().imageSize(4).patchSize(2).dim(4).depth(1).heads(2)
                .mlpRatio(2).seed(3).build();
        ComputationGraph g = (masked ? v.buildMasked() : v.build()).convertDataType(DataType.DOUBLE);
        Nd4j.getRandom().setSeed(17);
        g.params().assign(Nd4j.rand(DataType.DOUBLE, g.params().shape()).subi(0.5).muli(1.5));
        return g;
    }

    private static INDArray images(long seed, int b, int size) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, b, 3, size, size);
    }

    @Test
    void inferenceInWorkspacesMatchesThePlainForward() {
        InferenceWorkspaces.assertMatchesPlainForward(small().build(), images(3, 4, 8));
        INDArray mask = Nd4j.zeros(DataType.FLOAT, 4, 16);
        mask.putScalar(0, 3, 1.0).putScalar(2, 7, 1.0);
        InferenceWorkspaces.assertMatchesPlainForward(small().buildMasked(), images(4, 4, 8),
                VisionTransformer.maskInput(mask, 4, 4));
    }

    @Test
    void weightDecayReachesTheTokenParametersByTheirRealKeys() {
        // GraphTraining.isDecayed names the tokens' parameters; a rename here must not slip past it
        ComputationGraph g = new ComputationGraph(VisionTransformer.tiny().depth(1).build().maskedConfiguration());
        g.init();
        for (String p : new String[] {PatchTokens.CLS, PatchTokens.POS, PatchTokens.MASK_TOKEN}) {
            String key = VisionTransformer.TOKENS + "_" + p;
            assertTrue(g.paramTable().containsKey(key), key);
            assertTrue(GraphTraining.isDecayed(key), key);
        }
        String gamma = VisionTransformer.blockName(0) + "_" + TransformerBlock.NORM1_GAMMA;
        assertTrue(g.paramTable().containsKey(gamma), gamma);
        assertFalse(GraphTraining.isDecayed(gamma), gamma);
    }

    /** The spread of block 0's {@code qkv} weights and their largest magnitude. */
    private static double[] qkvSpread(VisionTransformer v) {
        ComputationGraph g = v.build();
        INDArray w = g.getParam(VisionTransformer.blockName(0) + "_" + TransformerBlock.QKV_W);
        return new double[] {w.stdNumber().doubleValue(), w.amaxNumber().doubleValue()};
    }

    @Test
    void tinyStartsItsQkvWeightsXavierUniformAndVitSmallAtDinosStd() {
        // tiny: U(-a, a), a = sqrt(6 / (96 + 288)) = 0.125, std a / sqrt(3) = 0.0722
        double[] tiny = qkvSpread(VisionTransformer.tiny().depth(1).build());
        assertEquals(0.0722, tiny[0], 0.003);
        assertTrue(tiny[1] <= 0.125 + 1e-6 && tiny[1] > 0.12, "bound " + tiny[1]);
        // DINO's: truncated normal at 2 std, std 0.02 before truncation
        double[] trunc = qkvSpread(VisionTransformer.tiny().depth(1).qkvInit(TransformerBlock.QkvInit.TRUNC_NORMAL).build());
        assertTrue(trunc[0] > 0.015 && trunc[0] < 0.02, "std " + trunc[0]);
        assertTrue(trunc[1] <= 0.04 + 1e-6, "max " + trunc[1]);
        assertEquals(TransformerBlock.QkvInit.TRUNC_NORMAL, VisionTransformer.vitSmall16().build().qkvInit());
        // the other linear weights keep DINO's std 0.02 under either setting
        ComputationGraph g = VisionTransformer.tiny().depth(1).build().build();
        double fc1 = g.getParam(VisionTransformer.blockName(0) + "_" + TransformerBlock.FC1_W).stdNumber().doubleValue();
        assertTrue(fc1 > 0.015 && fc1 < 0.02, "fc1 std " + fc1);
    }

    @Test
    void qkvInitSurvivesTheSavedConfigurationAndFrom() {
        for (TransformerBlock.QkvInit init : TransformerBlock.QkvInit.values()) {
            ComputationGraph g = VisionTransformer.tiny().depth(1).qkvInit(init).build().build();
            ComputationGraph restored = new ComputationGraph(
                    org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson()));
            restored.init();
            assertEquals(init, VisionTransformer.from(restored).qkvInit(), init.name());
        }
    }

    @Test
    void blockFlopsFollowTheFormula() {
        VisionTransformer tiny = VisionTransformer.tiny().build();
        // 4 blocks, N = 1 + 8*8 = 65 tokens, D = 96: 2*65*96*(4*96 + 8*96) + 4*65^2*96 per block
        assertEquals(4 * (2.0 * 65 * 96 * 1152 + 4.0 * 65 * 65 * 96), tiny.blockFlopsPerImage(32), 1e-6);
        // a 16-pixel crop has a 4x4 grid: 17 tokens
        assertEquals(4 * (2.0 * 17 * 96 * 1152 + 4.0 * 17 * 17 * 96), tiny.blockFlopsPerImage(16), 1e-6);
    }

    @Test
    void gradientsMatchFiniteDifferencesAtTheOriginalGrid() {
        ComputationGraph g = minute(false);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 2, 4).subi(0.5);
        VitGradients.check(g, new INDArray[] {x}, new INDArray[] {eps}, 3);
    }

    @Test
    void gradientsMatchFiniteDifferencesThroughTheInterpolatedPositions() {
        ComputationGraph g = minute(false);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 6, 6);   // 3 x 3 grid from embeddings made for 2 x 2
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 2, 4).subi(0.5);
        VitGradients.check(g, new INDArray[] {x}, new INDArray[] {eps}, 3);
    }

    @Test
    void maskedVariantGradientsMatchFiniteDifferences() {
        ComputationGraph g = minute(true);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4);
        INDArray mask = VisionTransformer.maskInput(Nd4j.createFromArray(new double[][] {{1, 0, 0, 1}, {0, 1, 0, 0}}), 2, 2)
                .castTo(DataType.DOUBLE);
        INDArray[] eps = {Nd4j.rand(DataType.DOUBLE, 2, 4).subi(0.5), Nd4j.rand(DataType.DOUBLE, 2, 4, 4).subi(0.5)};
        VitGradients.check(g, new INDArray[] {x, mask}, eps, 3);
        // the mask token gets a gradient only through the masked patches
        g.feedForward(new INDArray[] {x, mask}, true, false);
        INDArray tokenGrad = g.backpropGradient(eps).getGradientFor(VisionTransformer.TOKENS + "_" + PatchTokens.MASK_TOKEN);
        assertTrue(tokenGrad.norm2Number().doubleValue() > 1e-3);
    }

    @Test
    void interpolationWeightsFollowPyTorchBilinear() {
        double[][] w = PositionInterpolation.weights1d(2, 4);
        assertArrayEquals(new double[] {1, 0}, w[0], 1e-12);
        assertArrayEquals(new double[] {0.75, 0.25}, w[1], 1e-12);
        assertArrayEquals(new double[] {0.25, 0.75}, w[2], 1e-12);
        assertArrayEquals(new double[] {0, 1}, w[3], 1e-12);
        double[][] down = PositionInterpolation.weights1d(4, 2);
        assertArrayEquals(new double[] {0.5, 0.5, 0, 0}, down[0], 1e-12);
        assertArrayEquals(new double[] {0, 0, 0.5, 0.5}, down[1], 1e-12);
        assertEquals(Nd4j.eye(16).castTo(DataType.FLOAT), PositionInterpolation.matrix(4, 4, 4, 4, DataType.FLOAT));
        INDArray m = PositionInterpolation.matrix(4, 4, 2, 3, DataType.DOUBLE);
        assertArrayEquals(new long[] {6, 16}, m.shape());
        assertEquals(Nd4j.ones(DataType.DOUBLE, 6, 1), m.sum(true, 1), "rows are convex weights");
    }

    /** Token layer output at the original grid is exactly [cls | patch embeddings] + pos^T. */
    @Test
    void originalGridUsesThePositionEmbeddingsExactly() {
        ComputationGraph g = small().build();
        INDArray x = images(1, 3, 8);
        Map<String, INDArray> acts = g.feedForward(x, false);
        INDArray patches = acts.get(VisionTransformer.PATCH_EMBED).reshape('c', 3, 8, 16);
        INDArray pos = g.getLayer(VisionTransformer.TOKENS).getParam(PatchTokens.POS);
        INDArray cls = g.getLayer(VisionTransformer.TOKENS).getParam(PatchTokens.CLS);
        INDArray tokens = acts.get(VisionTransformer.TOKENS);
        assertArrayEquals(new long[] {3, 8, 17}, tokens.shape());
        for (int b = 0; b < 3; b++) {
            INDArray expected = Nd4j.concat(1, cls.reshape(8, 1), patches.slice(b)).add(pos.transpose());
            assertEquals(expected, tokens.slice(b), "sample " + b);
        }
    }

    @Test
    void otherGridsUseResizedPositionEmbeddings() {
        ComputationGraph g = small().build();
        for (int size : new int[] {4, 12, 6}) {
            int grid = size / 2;
            INDArray x = images(2, 2, size);
            Map<String, INDArray> acts = g.feedForward(x, false);
            INDArray tokens = acts.get(VisionTransformer.TOKENS);
            assertArrayEquals(new long[] {2, 8, 1 + grid * grid}, tokens.shape());
            INDArray pos = PositionInterpolation.resize(g.getLayer(VisionTransformer.TOKENS).getParam(PatchTokens.POS),
                    4, 4, grid, grid);
            INDArray patches = acts.get(VisionTransformer.PATCH_EMBED).reshape('c', 2, 8, grid * grid);
            INDArray expected = patches.slice(1).add(pos.get(NDArrayIndex.interval(1, 1 + grid * grid), NDArrayIndex.all())
                    .transpose());
            INDArray actual = tokens.slice(1).get(NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + grid * grid));
            assertTrue(expected.equalsWithEps(actual, 1e-5), "grid " + grid);
            assertArrayEquals(new long[] {2, 8}, g.outputSingle(x).shape());
        }
    }

    @Test
    void maskReplacesExactlyTheMaskedPatchEmbeddings() {
        VisionTransformer vit = small();
        ComputationGraph g = vit.buildMasked();
        INDArray token = Nd4j.linspace(1, 8, 8, DataType.FLOAT).reshape(1, 8);
        g.getLayer(VisionTransformer.TOKENS).getParam(PatchTokens.MASK_TOKEN).assign(token);
        INDArray x = images(3, 2, 8);
        INDArray maskBT = Nd4j.zeros(DataType.FLOAT, 2, 16);
        int[][] masked = {{0, 5, 15}, {3}};
        for (int b = 0; b < 2; b++) {
            for (int t : masked[b]) {
                maskBT.putScalar(b, t, 1);
            }
        }
        Map<String, INDArray> acts = g.feedForward(new INDArray[] {x, VisionTransformer.maskInput(maskBT, 4, 4)}, false);
        INDArray patches = acts.get(VisionTransformer.PATCH_EMBED).reshape('c', 2, 8, 16);
        INDArray pos = g.getLayer(VisionTransformer.TOKENS).getParam(PatchTokens.POS);
        INDArray tokens = acts.get(VisionTransformer.TOKENS);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 16; t++) {
                boolean isMasked = maskBT.getDouble(b, t) == 1;
                INDArray e = (isMasked ? token.reshape(8) : patches.slice(b).getColumn(t)).add(pos.getRow(t + 1));
                assertTrue(e.equalsWithEps(tokens.slice(b).getColumn(t + 1), 1e-6), "sample " + b + " token " + t);
            }
        }
        // outputs: CLS [B, D] and patch tokens [B, D, T]
        INDArray[] out = g.output(false, x, VisionTransformer.maskInput(maskBT, 4, 4));
        assertArrayEquals(new long[] {2, 8}, out[0].shape());
        assertArrayEquals(new long[] {2, 8, 16}, out[1].shape());
    }

    @Test
    void variantsShareTheParameterLayoutAndAgreeWithoutMask() {
        VisionTransformer vit = small();
        ComputationGraph plain = vit.build();
        ComputationGraph masked = vit.buildMasked();
        assertEquals(plain.params(), masked.params(), "same seed, same parameters, same order");
        assertEquals(plain.paramTable().keySet(), masked.paramTable().keySet());
        plain.params().addi(0.01);                         // move away from the init: the copy must follow
        ComputationGraph copy = VisionTransformer.masked(plain);
        assertEquals(plain.params(), copy.params());
        INDArray x = images(4, 3, 8);
        INDArray[] out = copy.output(false, x, VisionTransformer.maskInput(Nd4j.zeros(DataType.FLOAT, 3, 16), 4, 4));
        assertTrue(plain.outputSingle(x).equalsWithEps(out[0], 1e-5));
        Map<String, INDArray> acts = plain.feedForward(x, false);
        INDArray normed = acts.get(VisionTransformer.NORM);
        assertTrue(normed.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, 17)).equalsWithEps(out[1], 1e-5),
                "patch tokens are the final norm's tokens 1..T");
        assertEquals(vit.toString(), VisionTransformer.from(masked).toString().replace("seed=42", "seed=5"));
    }

    @Test
    void backboneOfAcceptsThePlainTinyPresetAndTheGraphRunsOnLocalCrops() {
        VisionTransformer tiny = VisionTransformer.tiny().build();
        assertEquals(4, tiny.patchSize());
        assertEquals(8, tiny.gridSize());
        Backbone bb = Backbone.of(tiny.build(), 3, 32, 32);
        assertEquals(tiny.dim(), bb.featureDim());
        assertEquals("features", bb.featureVertex());
        assertArrayEquals(new long[] {2, tiny.dim()}, bb.graph().outputSingle(images(5, 2, 16)).shape());
        assertArrayEquals(new long[] {3, tiny.dim()}, bb.graph().outputSingle(images(6, 3, 32)).shape());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> Backbone.of(tiny.buildMasked(), 3, 32, 32));
        assertTrue(two.getMessage().contains("exactly one input"), two.getMessage());
    }

    @Test
    void convStemReplacesThePatchifyConvolutionWithStridedConvolutions() {
        VisionTransformer vit = VisionTransformer.builder().imageSize(16).patchSize(4).dim(8).depth(1).heads(2)
                .convStem(true).seed(5).build();
        ComputationGraph plain = vit.build();
        var vertices = plain.getConfiguration().getVertices();
        for (String v : new String[] {"stem0_conv", "stem0_bn", "stem0_relu", "stem1_conv", "stem1_bn", "stem1_relu"}) {
            assertTrue(vertices.containsKey(v), v + " in " + vertices.keySet());
        }
        assertTrue(!vertices.containsKey("stem2_conv"), "log2(4) = 2 stages");
        assertArrayEquals(new long[] {4, 3, 3, 3}, plain.getParam("stem0_conv_W").shape(), "widths halve back from dim");
        assertArrayEquals(new long[] {8, 4, 3, 3}, plain.getParam("stem1_conv_W").shape());
        assertArrayEquals(new long[] {8, 8, 1, 1}, plain.getParam(VisionTransformer.PATCH_EMBED + "_W").shape());
        assertArrayEquals(new long[] {2, 8}, plain.outputSingle(images(7, 2, 16)).shape());
        assertArrayEquals(new long[] {3, 8}, plain.outputSingle(images(8, 3, 8)).shape(), "a local crop: 2 x 2 grid");
        ComputationGraph masked = vit.buildMasked();
        assertEquals(plain.params(), masked.params());
        INDArray[] out = masked.output(false, images(9, 2, 16), VisionTransformer.maskInput(Nd4j.zeros(DataType.FLOAT, 2, 16), 4, 4));
        assertArrayEquals(new long[] {2, 8, 16}, out[1].shape());
        VisionTransformer back = VisionTransformer.from(masked);
        assertTrue(back.convStem());
        assertEquals(4, back.patchSize());
        assertEquals(vit.toString(), back.toString().replace("seed=42", "seed=5"));
        assertTrue(!VisionTransformer.from(small().build()).convStem());
        assertEquals("a convolutional stem needs a power-of-two patchSize >= 2, got 3", assertThrows(IllegalArgumentException.class,
                () -> VisionTransformer.tiny().imageSize(24).patchSize(3).convStem(true).build()).getMessage());
        assertEquals("dim 2 is too small for a convolutional stem of 3 stages (widths halve from dim)", assertThrows(
                IllegalArgumentException.class, () -> VisionTransformer.tiny().patchSize(8).dim(2).heads(1).convStem(true)
                        .build()).getMessage());
    }

    @Test
    void convStemGradientsMatchFiniteDifferencesInTrainingMode() {
        VisionTransformer v = VisionTransformer.builder().imageSize(4).patchSize(2).dim(4).depth(1).heads(2)
                .mlpRatio(2).convStem(true).seed(3).build();
        ComputationGraph g = v.buildMasked().convertDataType(DataType.DOUBLE);
        Nd4j.getRandom().setSeed(19);
        g.params().assign(Nd4j.rand(DataType.DOUBLE, g.params().shape()).subi(0.5).muli(1.5));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 3, 4, 4);
        INDArray mask = VisionTransformer.maskInput(Nd4j.createFromArray(new double[][] {{1, 0, 0, 1}, {0, 1, 0, 0},
                {0, 0, 0, 0}}), 2, 2).castTo(DataType.DOUBLE);
        INDArray[] eps = {Nd4j.rand(DataType.DOUBLE, 3, 4).subi(0.5), Nd4j.rand(DataType.DOUBLE, 3, 4, 4).subi(0.5)};
        VitGradients.check(g, new INDArray[] {x, mask}, eps, 3, true);
    }

    @Test
    void vitSmall16PresetHasTheStandardShape() {
        VisionTransformer s = VisionTransformer.vitSmall16().build();
        assertEquals(224, s.imageSize());
        assertEquals(16, s.patchSize());
        assertEquals(384, s.dim());
        assertEquals(12, s.depth());
        assertEquals(6, s.heads());
        assertEquals(14, s.gridSize());
        assertEquals(4 + 12, s.configuration().getVertices().size(), "patch_embed, tokens, 12 blocks, norm, features");
    }

    @Test
    void validation() {
        assertEquals("imageSize must be a positive multiple of patchSize 4, got 30", assertThrows(
                IllegalArgumentException.class, () -> VisionTransformer.tiny().imageSize(30).build()).getMessage());
        assertEquals("heads must be >= 1 and divide dim 96, got 5", assertThrows(IllegalArgumentException.class,
                () -> VisionTransformer.tiny().heads(5).build()).getMessage());
        assertEquals("depth must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> VisionTransformer.tiny().depth(0).build()).getMessage());
        assertEquals("dim must be >= 1, got -1", assertThrows(IllegalArgumentException.class,
                () -> VisionTransformer.tiny().dim(-1).build()).getMessage());
        assertEquals("patchSize must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> VisionTransformer.tiny().patchSize(0).build()).getMessage());
        assertEquals("inputChannels must be 1 or 3, got 2", assertThrows(IllegalArgumentException.class,
                () -> VisionTransformer.tiny().inputChannels(2).build()).getMessage());
        assertEquals("mlpRatio must be > 0 and give an MLP of at least 1 unit, got -1.0", assertThrows(
                IllegalArgumentException.class, () -> VisionTransformer.tiny().mlpRatio(-1).build()).getMessage());
        assertThrows(NullPointerException.class, () -> VisionTransformer.tiny().updater(null));
        assertEquals("mask must be [B, 4*4], got [2, 15]", assertThrows(IllegalArgumentException.class,
                () -> VisionTransformer.maskInput(Nd4j.zeros(2, 15), 4, 4)).getMessage());
        IllegalArgumentException notVit = assertThrows(IllegalArgumentException.class,
                () -> VisionTransformer.from(TinyNets.convBackbone(3, 8, 4, 1)));
        assertTrue(notVit.getMessage().startsWith("not a VisionTransformer graph"), notVit.getMessage());
        assertEquals("grid sizes must be >= 1, got in=0, out=3", assertThrows(IllegalArgumentException.class,
                () -> PositionInterpolation.weights1d(0, 3)).getMessage());
        assertEquals("PatchTokens grid must be >= 1x1, got 0x2", assertThrows(IllegalArgumentException.class,
                () -> new PatchTokens.Builder().dim(4).grid(0, 2).build()).getMessage());
    }
}
