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
import org.hvs.core.select.Candidates;
import org.hvs.core.select.Selection;
import org.hvs.core.select.SelectionRequest;
import org.hvs.core.select.ViewSelector;
import org.hvs.core.testing.TinyNets;
import org.hvs.core.train.Optimizer;
import org.hvs.ssl.loss.DinoLoss;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DinoTest {
    private static MultiViewBatch views;

    @BeforeAll
    static void makeViews() {
        MultiViewRecipe recipe = MultiViewRecipe.multiCrop(ViewRecipe.dinoGlobal1(16), ViewRecipe.dinoGlobal2(16), 4,
                ViewRecipe.dinoLocal(8), 4);
        try (MultiViewGenerator gen = MultiViewGenerator.builder().recipe(recipe).seed(3).threads(2).build()) {
            views = gen.generate(Shapes.train(1, 6, 16), new int[] {0, 1, 2, 3, 4, 5}, 0);
        }
    }

    static Dino dino(boolean selectLocals, int limit, boolean trainMode) {
        Backbone bb = Backbone.of(TinyNets.convBackbone(3, 16, 8, 5), 3, 16, 16);
        Dino d = Dino.builder().backbone(bb).outDim(32).hiddenDim(16).bottleneckDim(8).localCrops(2)
                .selectLocals(selectLocals, limit).selectionTrainMode(trainMode).build();
        d.initialize(new TrainingSetup(Optimizer.adamW(5e-3, 0), 1));
        return d;
    }

    static StepContext ctx(long step, int epoch) {
        return new StepContext(step, epoch, 100, 10, 5e-3);
    }

    @Test
    void theTeacherIsADistinctCopyThatFollowsTheStudentByEma() {
        Dino d = dino(false, 0, true);
        ComputationGraph s = d.networks().get("student");
        ComputationGraph t = d.networks().get("teacher");
        assertNotSame(s, t);
        assertNotSame(s.params(), t.params());
        assertEquals(s.params(), t.params(), "the teacher starts as a copy");
        INDArray t0 = t.params().dup();
        INDArray s0 = s.params().dup();
        TrainingViews tv = new TrainingViews(views.view(0), views.view(1), List.of(views.localView(0), views.localView(1)));
        d.trainStep(tv, ctx(0, 1));
        INDArray s1 = s.params();
        assertNotEquals(s0, s1, "the student trains");
        // teacher = m * teacher + (1 - m) * student with m = 0.996 at step 0
        INDArray expected = t0.mul(0.996).addi(s1.mul(0.004));
        assertTrue(expected.equalsWithEps(t.params(), 1e-5), "EMA update of the teacher");
    }

    @Test
    void scoringLeavesStudentAndTeacherUnchanged() {
        Dino d = dino(true, 10, true);
        INDArray s = d.networks().get("student").params().dup();
        INDArray t = d.networks().get("teacher").params().dup();
        d.beginStep(ctx(3, 0));
        List<Candidate> c = d.candidates(views);
        assertEquals(10, c.size(), "4 global pairs x C(4,2) locals = 24, capped at 10");
        INDArray scores = d.scoreCandidates(views, c);
        assertEquals(10, scores.size(0));
        assertEquals(6, scores.size(1));
        assertEquals(s, d.networks().get("student").params());
        assertEquals(t, d.networks().get("teacher").params());
    }

    @Test
    void globalPairsAreRecipeOneTimesRecipeTwo() {
        Dino d = dino(false, 0, true);
        List<Candidate> c = d.candidates(views);
        assertEquals(4, c.size());
        assertEquals(0, c.get(0).first());
        assertEquals(1, c.get(0).second());
        for (Candidate k : c) {
            assertNotEquals(views.globalRecipeIndex(k.first()), views.globalRecipeIndex(k.second()));
            assertEquals(2, k.numLocals());
        }
        Dino all = dino(true, 0, true);
        assertEquals(24, all.candidates(views).size(), "compare limit 0 means no cap, never no candidates");
    }

    /** With inference-mode batch norm the batched scores equal the loss of each candidate computed on its own. */
    @Test
    void hvsPicksTheCandidateWithTheHighestIndependentlyComputedLoss() {
        Dino d = dino(true, 0, false);
        d.beginStep(ctx(5, 0));
        List<Candidate> cands = d.candidates(views);
        Selection sel = ViewSelector.hard().select(new SelectionRequest(views, cands, d::scoreCandidates, 5, 1));
        ComputationGraph s = d.networks().get("student");
        ComputationGraph t = d.networks().get("teacher");
        DinoLoss loss = new DinoLoss();
        double temp = d.teacherTemperature(ctx(5, 0));
        int b = views.batchSize();
        double[][] independent = new double[cands.size()][];
        for (int c = 0; c < cands.size(); c++) {
            Candidate k = cands.get(c);
            List<INDArray> student = new ArrayList<>(List.of(s.output(false, views.view(k.first()))[0],
                    s.output(false, views.view(k.second()))[0]));
            for (int l : k.locals()) {
                student.add(s.output(false, views.localView(l))[0]);
            }
            List<INDArray> teacher = List.of(t.output(false, views.view(k.first()))[0], t.output(false, views.view(k.second()))[0]);
            independent[c] = loss.perSample(student, teacher, d.center(), temp).toDoubleVector();
        }
        for (int i = 0; i < b; i++) {
            int best = 0;
            for (int c = 1; c < cands.size(); c++) {
                if (independent[c][i] > independent[best][i]) {
                    best = c;
                }
            }
            assertEquals(cands.get(best), sel.candidate(i), "sample " + i);
        }
        assertEquals(b, Candidates.gatherLocals(views, sel).get(0).size(0));
    }

    /** Globals 0-2 of every sample are the same view; global 3 is another image: every pair with it is harder. */
    @ParameterizedTest(name = "scoreLocals {0}")
    @ValueSource(booleans = {false, true})
    void hvsFindsAPlantedWorstPair(boolean scoreLocals) {
        Backbone bb = Backbone.of(TinyNets.convBackbone(3, 16, 8, 5), 3, 16, 16);
        Dino d = Dino.builder().backbone(bb).outDim(32).hiddenDim(16).bottleneckDim(8).localCrops(2)
                .scoreLocals(scoreLocals).build();
        d.initialize(new TrainingSetup(Optimizer.adamW(5e-3, 0), 1));
        MethodFixtures.assertHvsPicksThePlantedFourthView(d, views);
    }

    /**
     * scoreLocals(false), the default: the fixed locals stay on the candidates for training but leave
     * the score, a pair is scored by its two global terms; scoreLocals(true), the paper's code: by all
     * its terms, the locals' included.
     */
    @ParameterizedTest(name = "scoreLocals {0}")
    @ValueSource(booleans = {false, true})
    void fixedLocalsAreInTheScoreOnlyWhenAskedFor(boolean scoreLocals) {
        Backbone bb = Backbone.of(TinyNets.convBackbone(3, 16, 8, 5), 3, 16, 16);
        DinoBuilder builder = Dino.builder().backbone(bb).outDim(32).hiddenDim(16).bottleneckDim(8).localCrops(2)
                .selectionTrainMode(false);
        Dino d = (scoreLocals ? builder.scoreLocals(true) : builder).build();
        d.initialize(new TrainingSetup(Optimizer.adamW(5e-3, 0), 1));
        d.beginStep(ctx(5, 0));
        List<Candidate> cands = d.candidates(views);
        assertEquals(4, cands.size());
        INDArray scores = d.scoreCandidates(views, cands);
        ComputationGraph s = d.networks().get("student");
        ComputationGraph t = d.networks().get("teacher");
        DinoLoss loss = new DinoLoss();
        double temp = d.teacherTemperature(ctx(5, 0));
        double localsShift = 0;
        for (int c = 0; c < cands.size(); c++) {
            Candidate k = cands.get(c);
            assertEquals(2, k.numLocals(), "the pair trains with its locals either way");
            List<INDArray> globals = List.of(s.output(false, views.view(k.first()))[0], s.output(false, views.view(k.second()))[0]);
            List<INDArray> teacher = List.of(t.output(false, views.view(k.first()))[0], t.output(false, views.view(k.second()))[0]);
            List<INDArray> all = new ArrayList<>(globals);
            all.add(s.output(false, views.localView(0))[0]);
            all.add(s.output(false, views.localView(1))[0]);
            INDArray pairOnly = loss.perSample(globals, teacher, d.center(), temp);
            INDArray withLocals = loss.perSample(all, teacher, d.center(), temp);
            INDArray expected = scoreLocals ? withLocals : pairOnly;
            assertTrue(expected.equalsWithEps(scores.getRow(c), 1e-4), "candidate " + k + ": " + expected + " vs " + scores.getRow(c));
            localsShift += withLocals.sub(pairOnly).amaxNumber().doubleValue();
        }
        assertTrue(localsShift > 1e-4, "the locals' terms change the scores, so the two settings differ");
    }

    /**
     * On a fixed batch the student's KL to the teacher falls and so, at first, does the loss. Later the
     * loss follows the teacher's entropy, which rises as the teacher temperature warms up (0.04 to
     * 0.07 over this context's steps) and the centre moves: the loss alone is not the criterion.
     */
    @Test
    void lossFallsAndTheCentreIsUpdatedExplicitly() {
        Dino d = dino(false, 0, true);
        assertEquals(0.0, d.center().norm2Number().doubleValue(), 0.0);
        TrainingViews tv = new TrainingViews(views.view(0), views.view(1), List.of(views.localView(0), views.localView(1)));
        double firstLoss = 0;
        double minLoss = Double.MAX_VALUE;
        double firstKl = 0;
        double lastKl = 0;
        StepOutput out = null;
        for (int i = 0; i < 25; i++) {
            out = d.trainStep(tv, ctx(i, 1));
            if (i == 0) {
                firstLoss = out.loss();
                firstKl = out.metrics().get("kl_teacher_student");
            }
            minLoss = Math.min(minLoss, out.loss());
            lastKl = out.metrics().get("kl_teacher_student");
        }
        assertTrue(minLoss < 0.5 * firstLoss, "dino loss should fall on a fixed batch: " + firstLoss + " -> min " + minLoss);
        assertTrue(lastKl < 0.5 * firstKl, "the student should approach the teacher: KL " + firstKl + " -> " + lastKl);
        assertTrue(d.center().norm2Number().doubleValue() > 0, "centre moved");
        assertTrue(out.metrics().get("teacher_entropy") > 0);
        assertEquals(Math.log(32), out.metrics().get("ln_k"), 1e-12);
    }

    @Test
    void theLastLayerIsFrozenDuringTheFirstEpoch() {
        Dino d = dino(false, 0, true);
        ComputationGraph s = d.networks().get("student");
        INDArray lastBefore = s.getParam("head_V").dup();
        INDArray bottleneckBefore = s.getParam("head_bottleneck_W").dup();
        INDArray convBefore = s.getParam("conv_W").dup();
        TrainingViews tv = new TrainingViews(views.view(0), views.view(1), List.of(views.localView(0), views.localView(1)));
        d.trainStep(tv, ctx(0, 0));
        assertTrue(lastBefore.sub(s.getParam("head_V")).norm2Number().doubleValue()
                < 1e-3 * lastBefore.norm2Number().doubleValue() + 1e-7, "only weight decay may touch the last layer in epoch 0");
        assertNotEquals(bottleneckBefore, s.getParam("head_bottleneck_W"));
        assertNotEquals(convBefore, s.getParam("conv_W"), "the backbone receives the gradient");
    }

    @Test
    void wrongLocalCountIsAnError() {
        Dino d = dino(false, 0, true);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> d.trainStep(new TrainingViews(views.view(0), views.view(1), List.of()), ctx(0, 0)));
        assertTrue(ex.getMessage().contains("expects 2 local crops"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dino.builder().backbone(Backbone.of(TinyNets.convBackbone(3, 16, 8, 5), 3, 16, 16))
                .selectLocals(true, -1).build());
    }

    /**
     * The whole training gradient (fast-layer ResNet backbone with train-mode batch norm, DINO head
     * with batch norm and the weight-normalised last layer, global crops through the student and
     * local crops through its twin, the external-error path) along random directions in parameter
     * space equals central finite differences of the DINO loss, the teacher's outputs held fixed.
     * Double precision; batch-norm running statistics are state, not parameters, and are left out.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void trainingGradientMatchesFiniteDifferencesOfTheLoss(boolean headBn) {
        org.hvs.ssl.backbone.SmallResNet resnet = org.hvs.ssl.backbone.SmallResNet.builder().width(4)
                .blocksPerStage(1, 1).imageSize(16).seed(4).build();
        Dino d = Dino.builder().backbone(Backbone.of(resnet.build(), 3, 16, 16)).outDim(16).hiddenDim(8).bottleneckDim(4)
                .headBn(headBn).localCrops(2).build();
        d.initialize(new TrainingSetup(Optimizer.sgd(0.1, 0.9, 0), 1));
        d.convertNetworks(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        java.util.function.Function<INDArray, INDArray> dbl = a -> a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        TrainingViews tv = new TrainingViews(dbl.apply(views.view(0)), dbl.apply(views.view(1)),
                List.of(dbl.apply(views.localView(0)), dbl.apply(views.localView(1))));
        ComputationGraph g = d.student();
        INDArray theta = g.params().dup();
        Dino.Forward f = d.forward(tv, 0.04);
        INDArray grad = d.backward(f, tv.batchSize()).gradient().dup();
        INDArray centre = d.center();
        java.util.function.Function<INDArray, Double> lossAt = p -> {
            g.setParams(p);
            return d.loss().compute(d.studentForward(tv), f.teacherOut(), centre, 0.04).loss();
        };
        org.nd4j.linalg.api.rng.Random rng = org.nd4j.linalg.factory.Nd4j.getRandom();
        rng.setSeed(17);
        for (int k = 0; k < 3; k++) {
            g.setParams(org.nd4j.linalg.factory.Nd4j.randn(theta.dataType(), theta.shape()).muli(0.01));
            g.paramTable().forEach((key, v) -> {
                if (key.endsWith("_mean") || key.endsWith("_var") || key.endsWith("_log10stdev")) {
                    v.assign(0);
                }
            });
            INDArray dir = g.params().dup();
            // the head's normalisations make the loss strongly curved along these directions: a small step
            double eps = 1e-6;
            double fd = (lossAt.apply(theta.add(dir.mul(eps))) - lossAt.apply(theta.sub(dir.mul(eps)))) / (2 * eps);
            double analytic = grad.mul(dir).sumNumber().doubleValue();
            assertEquals(fd, analytic, 1e-4 * Math.abs(fd) + 1e-10,
                    "headBn " + headBn + ", direction " + k + ": finite differences " + fd + " vs backprop " + analytic);
        }
        g.setParams(theta);
    }
}
