package org.hvs.ssl.method;

import org.hvs.augment.MultiViewBatch;
import org.hvs.core.method.SslMethod;
import org.hvs.core.method.TrainingSetup;
import org.hvs.core.method.TrainingViews;
import org.hvs.core.select.Candidate;
import org.hvs.core.select.Candidates;
import org.hvs.core.select.Selection;
import org.hvs.core.select.SelectionRequest;
import org.hvs.core.select.ViewSelector;
import org.hvs.core.train.NonFiniteLossException;
import org.hvs.core.train.Optimizer;
import org.hvs.ssl.loss.NegativeCosineLoss;
import org.hvs.ssl.loss.NtXentLoss;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SimSiam and SimCLR through the SslMethod interface. */
class SiameseMethodTest {
    private static final TrainingSetup SETUP = new TrainingSetup(Optimizer.sgd(0.05, 0.9, 0), 7);

    static SslMethod method(String name, long seed, boolean trainMode) {
        SslMethod m = name.equals("simsiam") ? MethodFixtures.simSiam(seed, trainMode) : MethodFixtures.simClr(seed, trainMode);
        m.initialize(SETUP);
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"simsiam", "simclr"})
    void scoringLeavesEveryParameterUnchanged(String name) {
        SslMethod m = method(name, 1, true);
        INDArray before = m.networks().get("student").params().dup();
        MultiViewBatch views = MethodFixtures.views(6, 4, 3);
        INDArray scores = m.scoreCandidates(views, m.candidates(views));
        assertArrayEquals(new long[] {6, 6}, scores.shape());
        assertEquals(before, m.networks().get("student").params());
    }

    /**
     * With inference-mode batch norm every sample's outputs are independent of the others, so the
     * batched scores must equal the loss computed pair by pair from separate forwards; and HVS must
     * choose the pair whose independently computed loss is highest.
     */
    @ParameterizedTest
    @ValueSource(strings = {"simsiam", "simclr"})
    void batchedScoresEqualThePerPairLossAndHvsPicksItsMaximum(String name) {
        SslMethod m = method(name, 2, false);
        int b = 5;
        MultiViewBatch views = MethodFixtures.views(b, 4, 11);
        List<Candidate> candidates = m.candidates(views);
        INDArray scores = m.scoreCandidates(views, candidates);
        var student = m.networks().get("student");
        for (int c = 0; c < candidates.size(); c++) {
            Candidate cand = candidates.get(c);
            INDArray[] oi = student.output(false, views.view(cand.first()));
            INDArray[] oj = student.output(false, views.view(cand.second()));
            INDArray expected = name.equals("simsiam")
                    ? new NegativeCosineLoss().perSample(oi[1], oi[0], oj[1], oj[0])
                    : new NtXentLoss(0.1).perSample(oi[0], oj[0]);
            for (int s = 0; s < b; s++) {
                assertEquals(expected.getDouble(s), scores.getDouble(c, s), 1e-4, "candidate " + cand + ", sample " + s);
            }
        }
        Selection sel = ViewSelector.hard().select(new SelectionRequest(views, candidates, m::scoreCandidates, 0, 1));
        for (int s = 0; s < b; s++) {
            int best = 0;
            for (int c = 1; c < candidates.size(); c++) {
                if (scores.getDouble(c, s) > scores.getDouble(best, s)) {
                    best = c;
                }
            }
            assertEquals(best, sel.chosen()[s], "sample " + s);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simsiam", "simclr"})
    void trainingOnAFixedBatchLowersTheLoss(String name) {
        SslMethod m = method(name, 3, true);
        MultiViewBatch views = MethodFixtures.views(8, 2, 5);
        TrainingViews tv = new TrainingViews(views.view(0), views.view(1), List.of());
        double first = m.trainStep(tv, MethodFixtures.ctx(0)).loss();
        double last = first;
        for (int i = 1; i < 30; i++) {
            last = m.trainStep(tv, MethodFixtures.ctx(i)).loss();
        }
        assertTrue(last < first - 0.05, name + " loss should fall: " + first + " -> " + last);
    }

    /** The loss gradient must reach every trainable layer: the backbone, the projector and the predictor. */
    @ParameterizedTest
    @ValueSource(strings = {"simsiam", "simclr"})
    void everyLayerReceivesTheGradient(String name) {
        SslMethod m = method(name, 8, true);
        var g = m.networks().get("student");
        java.util.Map<String, INDArray> before = new java.util.HashMap<>();
        g.paramTable().forEach((k, v) -> before.put(k, v.dup()));
        MultiViewBatch views = MethodFixtures.views(8, 2, 5);
        m.trainStep(new TrainingViews(views.view(0), views.view(1), List.of()), MethodFixtures.ctx(0));
        for (String k : before.keySet()) {
            if (k.endsWith("_W")) {
                assertTrue(before.get(k).sub(g.getParam(k)).norm2Number().doubleValue() > 0, name + ": " + k + " did not change");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simsiam", "simclr"})
    void aNanLossStopsBeforeTheUpdateAndNamesTheStep(String name) {
        SslMethod m = method(name, 4, true);
        MultiViewBatch views = MethodFixtures.views(4, 2, 5);
        INDArray poisoned = views.view(0).dup();
        poisoned.putScalar(new long[] {1, 0, 2, 2}, Double.NaN);
        INDArray before = m.networks().get("student").params().dup();
        NonFiniteLossException ex = assertThrows(NonFiniteLossException.class,
                () -> m.trainStep(new TrainingViews(poisoned, views.view(1), List.of()), MethodFixtures.ctx(41)));
        assertEquals(41, ex.step());
        assertTrue(ex.getMessage().contains("at step 41"), ex.getMessage());
        assertEquals(before, m.networks().get("student").params(), "no update may happen after a NaN loss");
    }

    @Test
    void simClrRejectsABatchOfOne() {
        SslMethod m = method("simclr", 5, true);
        MultiViewBatch views = MethodFixtures.views(1, 2, 5);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> m.trainStep(new TrainingViews(views.view(0), views.view(1), List.of()), MethodFixtures.ctx(0)));
        assertTrue(ex.getMessage().contains("got batch size 1"), ex.getMessage());
    }

    @Test
    void usingAnUninitialisedMethodIsAnError() {
        SimSiam m = MethodFixtures.simSiam(1, true);
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> m.features(Nd4j.zeros(1, 3, 8, 8)));
        assertTrue(ex.getMessage().contains("initialize"), ex.getMessage());
    }

    @Test
    void featuresComeFromTheBackboneVertex() {
        SslMethod m = method("simsiam", 6, true);
        INDArray f = m.features(MethodFixtures.views(3, 2, 1).view(0));
        assertArrayEquals(new long[] {3, 8}, f.shape());
        assertEquals(6, Candidates.allPairs(4).size());
    }
    /**
     * The whole training gradient (backbone, heads, train-mode batch norm, the external-error path)
     * along random directions in parameter space (batch-norm running statistics excluded) equals central finite differences of the loss;
     * for SimSiam the stop-gradient targets z are held at their values at the unperturbed point.
     * Double precision; directional derivatives, so that every parameter takes part.
     */
    @ParameterizedTest
    @ValueSource(strings = {"simsiam", "simclr"})
    void trainingGradientMatchesFiniteDifferencesOfTheLoss(String name) {
        SiameseMethod m = (SiameseMethod) method(name, 4, true);
        m.convertStudent(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        var g = m.student();
        int b = 8;
        MultiViewBatch views = MethodFixtures.views(b, 2, 9);
        INDArray x = Nd4j.concat(0, views.view(0), views.view(1)).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray theta = g.params().dup();
        INDArray[] outputs = org.hvs.core.train.GraphTraining.forward(g, x);
        INDArray[] targets = {outputs[0].dup()};
        SiameseMethod.LossAndGradient lg = m.loss(outputs, b);
        INDArray grad = org.hvs.core.train.GraphTraining.backward(g, lg.epsilons()).gradient().dup();
        java.util.function.Function<INDArray, Double> lossAt = p -> {
            g.setParams(p);
            INDArray[] out = org.hvs.core.train.GraphTraining.forward(g, x);
            if (name.equals("simsiam")) {
                INDArray[] z = SiameseMethod.halves(targets[0], b);
                INDArray[] pr = SiameseMethod.halves(out[1], b);
                return new NegativeCosineLoss().compute(pr[0], z[0], pr[1], z[1]).loss();
            }
            return m.loss(out, b).loss();
        };
        org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandom();
        rng.setSeed(21);
        for (int k = 0; k < 3; k++) {
            // batch norm's running mean and variance are state that DL4J updates through the
            // gradient buffer, not parameters of the loss: the direction leaves them alone
            g.setParams(Nd4j.randn(theta.dataType(), theta.shape()).muli(0.01));
            g.paramTable().forEach((key, v) -> {
                if (key.endsWith("_mean") || key.endsWith("_var") || key.endsWith("_log10stdev")) {
                    v.assign(0);
                }
            });
            INDArray dir = g.params().dup();
            double eps = 1e-3;
            double fd = (lossAt.apply(theta.add(dir.mul(eps))) - lossAt.apply(theta.sub(dir.mul(eps)))) / (2 * eps);
            double analytic = grad.mul(dir).sumNumber().doubleValue();
            assertEquals(fd, analytic, 1e-3 * Math.abs(fd) + 1e-9,
                    name + ": directional derivative " + k + ", finite differences " + fd + " vs backprop " + analytic);
        }
        g.setParams(theta);
    }
}
