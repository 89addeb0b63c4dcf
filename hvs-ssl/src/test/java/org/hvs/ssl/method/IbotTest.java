package org.hvs.ssl.method;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hvs.augment.MultiViewBatch;
import org.hvs.augment.MultiViewGenerator;
import org.hvs.augment.data.Shapes;
import org.hvs.augment.recipe.MultiViewRecipe;
import org.hvs.augment.recipe.ViewRecipe;
import org.hvs.core.method.Backbone;
import org.hvs.core.method.StepContext;
import org.hvs.core.method.StepOutput;
import org.hvs.core.method.TrainingSetup;
import org.hvs.core.method.TrainingViews;
import org.hvs.core.select.Candidate;
import org.hvs.core.select.Selection;
import org.hvs.core.select.SelectionRequest;
import org.hvs.core.select.ViewSelector;
import org.hvs.core.testing.TinyNets;
import org.hvs.core.train.Optimizer;
import org.hvs.ssl.backbone.vit.VisionTransformer;
import org.hvs.ssl.loss.DinoLoss;
import org.hvs.ssl.loss.IbotPatchLoss;
import org.hvs.ssl.mask.BlockMasking;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IbotTest {
    private static final int K = 32;
    private static MultiViewBatch views;

    @BeforeAll
    static void makeViews() {
        MultiViewRecipe recipe = MultiViewRecipe.multiCrop(ViewRecipe.ibotGlobal1(16), ViewRecipe.ibotGlobal2(16), 4,
                ViewRecipe.ibotLocal(8), 2);
        try (MultiViewGenerator gen = MultiViewGenerator.builder().recipe(recipe).seed(3).threads(2).build()) {
            // random RGB colours: another image is then unmistakably another, which the planted-pair
            // test needs from an untrained network
            views = gen.generate(Shapes.train(1, 6, 16, org.hvs.augment.data.ShapeColours.RANDOM_RGB),
                    new int[] {0, 1, 2, 3, 4, 5}, 0);
        }
    }

    static Backbone vit() {
        VisionTransformer vit = VisionTransformer.tiny().imageSize(16).patchSize(4).dim(16).depth(1).heads(2).seed(5).build();
        return Backbone.of(vit.build(), 3, 16, 16);
    }

    static IbotBuilder builder() {
        return Ibot.builder().backbone(vit()).outDim(K).hiddenDim(16).bottleneckDim(8).localCrops(2)
                .masking(BlockMasking.builder().probability(1).seed(9).build());
    }

    static Ibot ibot(IbotBuilder b) {
        Ibot i = b.build();
        i.initialize(new TrainingSetup(Optimizer.adamW(5e-3, 0), 1));
        return i;
    }

    static StepContext ctx(long step, int epoch) {
        return new StepContext(step, epoch, 100, 10, 5e-3);
    }

    static TrainingViews chosen(int candidate) {
        return TrainingViews.chosen(views, Selection.uniform(ibot(builder()).candidates(views), candidate, views.batchSize()));
    }

    @Test
    void theTeacherIsADistinctCopyThatMovesOnlyByEma() {
        Ibot d = ibot(builder());
        ComputationGraph s = d.networks().get("student");
        ComputationGraph t = d.networks().get("teacher");
        assertNotSame(s, t);
        assertNotSame(s.params(), t.params());
        assertEquals(s.params(), t.params(), "the teacher starts as a copy");
        INDArray t0 = t.params().dup();
        d.trainStep(chosen(0), ctx(0, 1));
        INDArray s1 = s.params();
        INDArray expected = t0.mul(0.996).addi(s1.mul(0.004));
        assertTrue(expected.equalsWithEps(t.params(), 1e-5), "teacher = 0.996 teacher + 0.004 student");
        d.scoreCandidates(views, d.candidates(views));
        assertTrue(expected.equalsWithEps(t.params(), 1e-5), "scoring moves neither network");
        assertEquals(s1, s.params());
    }

    @Test
    void everyStudentParameterTrainsExceptTheLastLayerInTheFirstEpoch() {
        Ibot d = ibot(builder());
        ComputationGraph s = d.networks().get("student");
        Map<String, INDArray> before = copy(s.paramTable());
        StepContext c = ctx(0, 0);
        d.trainStep(chosen(0), c);
        double wd = 0.04; // the cosine weight-decay schedule at step 0
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            INDArray now = s.getParam(e.getKey());
            if (e.getKey().equals("head_V")) {
                assertTrue(e.getValue().mul(1 - c.learningRate() * wd).equalsWithEps(now, 1e-6),
                        "the frozen last layer moves only by weight decay");
            } else {
                assertNotEquals(e.getValue(), now, e.getKey() + " trains");
            }
        }
        INDArray last = s.getParam("head_V").dup();
        d.trainStep(chosen(0), ctx(1, 1));
        assertFalse(last.mul(1 - 5e-3 * 0.4).equalsWithEps(s.getParam("head_V"), 1e-4), "epoch 1 trains the last layer");
    }

    /**
     * Each term alone trains the whole backbone: with head BN the CLS head hangs off the features
     * vertex, and while that vertex was also a graph output DL4J replaced the CLS head's gradient there
     * with the output's zero epsilon (the backbone then trained on the patch term alone).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "head BN {0}, lambdas {1} {2}")
    @org.junit.jupiter.params.provider.CsvSource({"false, 1, 0", "true, 1, 0", "false, 0, 1", "true, 0, 1"})
    void eachTermAloneReachesEveryBackboneParameter(boolean headBn, double lambda1, double lambda2) {
        Ibot d = ibot(builder().headBn(headBn).lambdas(lambda1, lambda2).weightDecay(0, 0).freezeLastLayerEpochs(0));
        ComputationGraph s = d.networks().get("student");
        Map<String, INDArray> before = copy(s.paramTable());
        d.trainStep(chosen(0), ctx(0, 1));
        int backbone = 0;
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            String k = e.getKey();
            boolean head = k.startsWith("head");
            boolean unused = k.endsWith("_" + org.hvs.ssl.backbone.vit.PatchTokens.MASK_TOKEN) && lambda2 == 0
                    || k.endsWith("_mean") || k.endsWith("_var") || k.endsWith("_log10stdev");
            if (head || unused) {
                continue;
            }
            backbone++;
            assertNotEquals(e.getValue(), s.getParam(k), k + " gets a gradient from the "
                    + (lambda1 > 0 ? "CLS" : "patch") + " term");
        }
        assertTrue(backbone > 10, "backbone parameters checked: " + backbone);
    }

    @Test
    void theLossIsClsPlusMaskedPatchTermWithTheStudentMaskedAndTheTeacherNot() {
        Ibot d = ibot(builder());
        TrainingViews tv = chosen(2);
        ComputationGraph s = d.networks().get("student");
        ComputationGraph t = d.networks().get("teacher");
        int b = views.batchSize();
        INDArray globals = Nd4j.concat(0, tv.first(), tv.second());
        INDArray masks = d.trainingMasks(tv, 1);
        assertTrue(masks.sumNumber().doubleValue() > 0, "the student's global views are masked");
        INDArray none = Nd4j.zeros(DataType.FLOAT, 2 * b, 1, 4, 4);
        INDArray[] tOut = t.output(false, globals, none);
        INDArray[] sOut = s.output(false, globals, VisionTransformer.maskInput(masks, 4, 4));
        INDArray[] sUnmasked = s.output(false, globals, none);
        List<INDArray> studentCls = new ArrayList<>(Distillation.split(TokenRows.cls(sOut[0], 2L * b), 2, b));
        INDArray locals = Nd4j.concat(0, tv.locals().toArray(new INDArray[0]));
        INDArray localOut = s.output(false, locals, Nd4j.zeros(DataType.FLOAT, 2 * b, 1, 2, 2))[0];
        studentCls.addAll(Distillation.split(TokenRows.cls(localOut, 2L * b), 2, b));
        List<INDArray> teacherCls = Distillation.split(TokenRows.cls(tOut[0], 2L * b), 2, b);
        INDArray zeroK = Nd4j.zeros(DataType.FLOAT, 1, K);
        double cls = new DinoLoss().value(studentCls, teacherCls, zeroK, 0.04);
        double patch = new IbotPatchLoss().value(TokenRows.patches(sOut[0], 2L * b), TokenRows.patches(tOut[0], 2L * b),
                masks, zeroK, 0.04);
        double unmaskedPatch = new IbotPatchLoss().value(TokenRows.patches(sUnmasked[0], 2L * b),
                TokenRows.patches(tOut[0], 2L * b), masks, zeroK, 0.04);
        assertNotEquals(patch, unmaskedPatch, 1e-4, "masking changes the student's patch outputs");

        StepOutput out = d.trainStep(tv, ctx(0, 1));
        assertEquals(cls + patch, out.loss(), 1e-4);
        assertEquals(cls, out.metrics().get("cls_loss"), 1e-4);
        assertEquals(patch, out.metrics().get("patch_loss"), 1e-4);
        // centres: 0.9 * 0 + 0.1 * the mean of the UNMASKED teacher's outputs over both global views
        INDArray expectedCenter = TokenRows.cls(tOut[0], 2L * b).mean(true, 0).muli(0.1);
        INDArray tPatches = TokenRows.patches(tOut[0], 2L * b);
        INDArray expectedCenter2 = tPatches.reshape(tPatches.length() / K, K).mean(true, 0).muli(0.1).reshape(1, 1, K);
        assertTrue(expectedCenter.equalsWithEps(d.center(), 1e-5), "center = 0.9 center + 0.1 mean teacher CLS");
        assertTrue(expectedCenter2.equalsWithEps(d.center2(), 1e-5), "center2 = 0.9 center2 + 0.1 mean teacher patches");
        for (String key : List.of("teacher_entropy", "kl_teacher_student", "ln_k", "patch_teacher_entropy",
                "patch_kl_teacher_student", "patch_ln_k", "mask_share", "teacher_patch_temp", "teacher_momentum")) {
            assertTrue(Double.isFinite(out.metrics().get(key)), key);
        }
        assertEquals(Math.log(K), out.metrics().get("patch_ln_k"), 1e-12);
    }

    /** The head's rows are token-major: row t*R + r is the head applied to token t of sample r. */
    @Test
    void tokenRowsMatchTheHeadAppliedToEachToken() {
        Ibot d = ibot(builder());
        ComputationGraph s = d.networks().get("student");
        INDArray x = views.view(0);
        int r = views.batchSize();
        INDArray none = Nd4j.zeros(DataType.FLOAT, r, 1, 4, 4);
        Map<String, INDArray> acts = s.feedForward(new INDArray[] {x, none}, false);
        INDArray norm = acts.get(VisionTransformer.NORM); // [R, D, 1+T]
        INDArray out = acts.get(Ibot.HEAD);
        INDArray cls = TokenRows.cls(out, r);
        INDArray patches = TokenRows.patches(out, r);
        assertEquals(16, patches.size(1));
        for (int[] rt : new int[][] {{0, 0}, {3, 0}, {1, 5}, {5, 16}}) {
            INDArray token = norm.get(NDArrayIndex.point(rt[0]), NDArrayIndex.all(), NDArrayIndex.point(rt[1])).reshape(1, 16);
            INDArray expected = head(s, token);
            INDArray got = rt[1] == 0 ? cls.getRow(rt[0]).reshape(1, K) : patches.get(NDArrayIndex.point(rt[0]),
                    NDArrayIndex.point(rt[1] - 1), NDArrayIndex.all()).reshape(1, K);
            assertTrue(expected.equalsWithEps(got, 1e-4), "sample " + rt[0] + " token " + rt[1]);
        }
        INDArray merged = TokenRows.merge(cls, patches, r, 16, K);
        assertTrue(merged.equalsWithEps(out, 1e-6), "merge inverts the split");
    }

    /** The head by hand: GELU MLP, bottleneck, L2 normalisation, weight-normalised last layer. */
    private static INDArray head(ComputationGraph s, INDArray x) {
        INDArray h = gelu(x.mmul(s.getParam("head_fc0_W")).addRowVector(s.getParam("head_fc0_b")));
        h = gelu(h.mmul(s.getParam("head_fc1_W")).addRowVector(s.getParam("head_fc1_b")));
        h = h.mmul(s.getParam("head_bottleneck_W")).addRowVector(s.getParam("head_bottleneck_b"));
        h = h.div(h.norm2Number().doubleValue());
        INDArray v = s.getParam("head_V");
        return h.mmul(v.divRowVector(v.norm2(0).reshape(1, v.size(1))));
    }

    private static INDArray gelu(INDArray x) {
        return x.mul(Transforms.sigmoid(x.mul(1.702), true));
    }

    @Test
    void scoringUsesTheMasksTheChosenViewsTrainWith() {
        Ibot d = ibot(builder());
        d.beginStep(ctx(4, 2));
        List<Candidate> cands = d.candidates(views);
        assertEquals(4, cands.size(), "recipe-1 x recipe-2 pairs of 4 globals");
        Selection sel = ViewSelector.hard().select(new SelectionRequest(views, cands, d::scoreCandidates, 4, 1));
        TrainingViews tv = TrainingViews.chosen(views, sel);
        INDArray scoring = d.candidateMasks(views, 2);
        INDArray training = d.trainingMasks(tv, 2);
        int b = views.batchSize();
        for (int s = 0; s < b; s++) {
            assertEquals(scoring.getRow((long) sel.first(s) * b + s), training.getRow(s), "first view of sample " + s);
            assertEquals(scoring.getRow((long) sel.second(s) * b + s), training.getRow(b + s), "second view of sample " + s);
        }
        assertNotEquals(d.candidateMasks(views, 3), scoring, "masks change with the epoch");
    }

    /**
     * With inference-mode scoring the batched scores equal each candidate's loss computed on its own:
     * its CLS terms without the fixed locals' (the default) or with them (scoreLocals, the paper's
     * code), plus its masked-patch terms.
     */
    @ParameterizedTest(name = "scoreLocals {0}, head BN {1}")
    @CsvSource({"false, false", "true, false", "false, true"})
    void hvsPicksTheCandidateWithTheHighestIndependentlyComputedLoss(boolean scoreLocals, boolean headBn) {
        Ibot d = ibot(builder().selectionTrainMode(false).scoreLocals(scoreLocals).headBn(headBn));
        StepContext c = ctx(5, 1);
        d.beginStep(c);
        List<Candidate> cands = d.candidates(views);
        INDArray scores = d.scoreCandidates(views, cands);
        Selection sel = ViewSelector.hard().select(new SelectionRequest(views, cands, d::scoreCandidates, 5, 1));
        int b = views.batchSize();
        double localsShift = 0;
        for (int ci = 0; ci < cands.size(); ci++) {
            TrainingViews tv = TrainingViews.chosen(views, Selection.uniform(cands, ci, b));
            double[] independent = perSampleLoss(d, tv, c, scoreLocals);
            double[] other = perSampleLoss(d, tv, c, !scoreLocals);
            for (int s = 0; s < b; s++) {
                assertEquals(independent[s], scores.getDouble(ci, s), 1e-4, "candidate " + ci + " sample " + s);
                localsShift += Math.abs(other[s] - independent[s]);
            }
        }
        assertTrue(localsShift > 1e-3, "the locals' terms change the scores, so the two settings differ: " + localsShift);
        for (int s = 0; s < b; s++) {
            int best = 0;
            for (int ci = 1; ci < cands.size(); ci++) {
                best = scores.getDouble(ci, s) > scores.getDouble(best, s) ? ci : best;
            }
            assertEquals(cands.get(best), sel.candidate(s), "sample " + s);
        }
    }

    /** Each sample's iBOT loss on the views {@code tv}, forwarded one view at a time. */
    private static double[] perSampleLoss(Ibot d, TrainingViews tv, StepContext c, boolean withLocals) {
        ComputationGraph s = d.networks().get("student");
        ComputationGraph t = d.networks().get("teacher");
        int b = tv.batchSize();
        INDArray masks = d.trainingMasks(tv, c.epoch());
        INDArray none = Nd4j.zeros(DataType.FLOAT, b, 1, 4, 4);
        List<INDArray> studentCls = new ArrayList<>();
        List<INDArray> teacherCls = new ArrayList<>();
        List<INDArray> sPatch = new ArrayList<>();
        List<INDArray> tPatch = new ArrayList<>();
        INDArray[] globals = {tv.first(), tv.second()};
        for (int v = 0; v < 2; v++) {
            INDArray m = masks.get(NDArrayIndex.interval((long) v * b, (long) (v + 1) * b), NDArrayIndex.all());
            INDArray[] so = s.output(false, globals[v], VisionTransformer.maskInput(m, 4, 4));
            INDArray[] to = t.output(false, globals[v], none);
            studentCls.add(TokenRows.cls(so[0], b));
            teacherCls.add(TokenRows.cls(to[0], b));
            sPatch.add(patches(so, b));
            tPatch.add(patches(to, b));
        }
        for (INDArray local : withLocals ? tv.locals() : List.<INDArray>of()) {
            studentCls.add(TokenRows.cls(s.output(false, local, Nd4j.zeros(DataType.FLOAT, b, 1, 2, 2))[0], b));
        }
        INDArray cls = new DinoLoss().perSample(studentCls, teacherCls, d.center(), d.teacherTemperature(c));
        INDArray patch = new IbotPatchLoss().perSample(Nd4j.concat(0, sPatch.get(0), sPatch.get(1)),
                Nd4j.concat(0, tPatch.get(0), tPatch.get(1)), masks, d.center2(), d.patchTeacherTemperature(c), 2);
        return cls.add(patch).toDoubleVector();
    }

    /** The patch outputs [b, T, K] of a shared head (every token's rows in output 0) or of a head of their own (output 1). */
    private static INDArray patches(INDArray[] out, int b) {
        return out[0].size(0) == b ? TokenRows.patchRows(out[1], b) : TokenRows.patches(out[0], b);
    }

    /**
     * With batch norm in the head the CLS and patch rows get a head each, so that the CLS rows' batch
     * statistics are their own: the CLS head's output has one row per image.
     */
    @Test
    void headBatchNormGivesTheClsAndThePatchTokensAHeadEach() {
        Ibot d = ibot(builder().headBn(true));
        ComputationGraph s = d.networks().get("student");
        assertNotNull(s.getLayer("head_bn0"));
        assertNotNull(s.getLayer(Ibot.HEAD_PATCH + "_bn0"));
        INDArray[] out = s.output(false, views.view(0), Nd4j.zeros(DataType.FLOAT, views.batchSize(), 1, 4, 4));
        assertEquals(views.batchSize(), out[0].size(0));
        assertEquals(16L * views.batchSize(), out[1].size(0));
        INDArray before = s.getParam(Ibot.HEAD_PATCH + "_fc0_W").dup();
        StepOutput step = d.trainStep(chosen(0), ctx(0, 1));
        assertTrue(Double.isFinite(step.loss()));
        assertNotEquals(before, s.getParam(Ibot.HEAD_PATCH + "_fc0_W"), "the patch head trains");
        assertEquals(Math.log(K), step.metrics().get("patch_ln_k"), 1e-12);
    }

    /**
     * The patch term's gradient reaches the student as it should: with lambda1 = 0 and a frozen
     * teacher (momentum 1), training on one fixed batch lowers the masked patch loss, with one shared
     * head and with head BN's separate patch head.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "head BN {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void thePatchTermAloneFallsOnAFixedBatch(boolean headBn) {
        Ibot d = ibot(builder().headBn(headBn).lambdas(0, 1).teacherMomentum(1.0, 1.0).freezeLastLayerEpochs(0));
        TrainingViews tv = chosen(1);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i < 12; i++) {
            StepOutput out = d.trainStep(tv, ctx(i, 1));
            double patch = out.metrics().get("patch_loss");
            assertEquals(patch, out.loss(), 1e-6, "lambda1 = 0: the loss is the patch term");
            first = i == 0 ? patch : first;
            last = patch;
        }
        assertTrue(last < 0.9 * first, "patch loss should fall on a fixed batch: " + first + " -> " + last);
    }

    /** Views 0-2 of every sample are the same image; view 3 is another: every pair with view 3 is harder. */
    @Test
    void hvsFindsAPlantedWorstPair() {
        MethodFixtures.assertHvsPicksThePlantedFourthView(
                ibot(builder().masking(BlockMasking.builder().probability(0).build())), views);
    }

    @Test
    void sameSeedSameLossesAndTheLossFalls() {
        double[] a = run(ibot(builder()));
        double[] b = run(ibot(builder()));
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertTrue(Double.isFinite(a[i]), "finite loss at step " + i);
            assertEquals(a[i], b[i], 1e-6, "step " + i);
        }
        assertTrue(a[a.length - 1] < a[0], "ibot loss falls on a fixed batch: " + a[0] + " -> " + a[a.length - 1]);
    }

    private static double[] run(Ibot d) {
        double[] losses = new double[6];
        for (int i = 0; i < losses.length; i++) {
            StepContext c = ctx(i, 1);
            d.beginStep(c);
            List<Candidate> cands = d.candidates(views);
            Selection sel = ViewSelector.hard().select(new SelectionRequest(views, cands, d::scoreCandidates, i, 1));
            losses[i] = d.trainStep(TrainingViews.chosen(views, sel), c).loss();
        }
        return losses;
    }

    @Test
    void checkpointStateHoldsBothCentresAndRestores() {
        Ibot d = ibot(builder());
        d.trainStep(chosen(1), ctx(0, 1));
        Map<String, INDArray> state = d.state();
        assertEquals(List.of("center", "center2"), state.keySet().stream().sorted().toList());
        assertEquals(K, state.get("center2").length());
        Ibot other = ibot(builder());
        other.restoreState(state);
        assertEquals(d.center(), other.center());
        assertEquals(d.center2(), other.center2());
        assertThrows(IllegalArgumentException.class, () -> other.restoreState(Map.of("center", d.center())));
    }

    @Test
    void separatePatchHeadHasItsOwnLastLayerAndOutputSize() {
        Ibot d = ibot(builder().sharedHead(false).patchOutDim(24));
        ComputationGraph s = d.networks().get("student");
        INDArray before = s.getParam(Ibot.HEAD_PATCH + "_V").dup();
        StepOutput out = d.trainStep(chosen(0), ctx(0, 1));
        assertTrue(Double.isFinite(out.loss()));
        assertEquals(24, d.center2().length());
        assertEquals(Math.log(24), out.metrics().get("patch_ln_k"), 1e-12);
        assertNotEquals(before, s.getParam(Ibot.HEAD_PATCH + "_V"), "the patch head trains after epoch 0");
        d.scoreCandidates(views, d.candidates(views));
        assertEquals(16, d.features(views.view(0)).size(1));
    }

    @Test
    void badSettingsAreErrors() {
        Backbone cnn = Backbone.of(TinyNets.convBackbone(3, 16, 8, 5), 3, 16, 16);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Ibot.builder().backbone(cnn).build());
        assertTrue(ex.getMessage().contains("VisionTransformer"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder().patchOutDim(24).build());
        assertThrows(IllegalArgumentException.class, () -> builder().lambdas(-1, 1).build());
        assertThrows(IllegalArgumentException.class, () -> builder().patchTeacherTemp(0, 0.07).build());
        Ibot d = ibot(builder());
        ex = assertThrows(IllegalArgumentException.class,
                () -> d.trainStep(new TrainingViews(views.view(0), views.view(1), List.of()), ctx(0, 0)));
        assertTrue(ex.getMessage().contains("expects 2 local crops"), ex.getMessage());
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> table) {
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        table.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }
}
