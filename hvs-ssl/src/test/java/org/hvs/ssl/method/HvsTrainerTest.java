package org.hvs.ssl.method;

import org.hvs.augment.MultiViewBatch;
import org.hvs.augment.MultiViewGenerator;
import org.hvs.augment.data.ImageDataset;
import org.hvs.augment.data.Shapes;
import org.hvs.augment.recipe.MultiViewRecipe;
import org.hvs.augment.recipe.ViewRecipe;
import org.hvs.core.eval.Evaluation;
import org.hvs.core.io.Checkpoint;
import org.hvs.core.listen.EpochSummary;
import org.hvs.core.listen.StepRecord;
import org.hvs.core.listen.TrainingListener;
import org.hvs.core.method.SslMethod;
import org.hvs.core.select.ViewSelector;
import org.hvs.core.train.FitResult;
import org.hvs.core.train.HvsTrainer;
import org.hvs.core.train.NonFiniteLossException;
import org.hvs.core.train.Optimizer;
import org.hvs.core.train.ViewSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer end to end on tiny data: reproducibility, checkpoints, NaN handling, validation. */
class HvsTrainerTest {
    private static final ImageDataset DATA = Shapes.train(3, 24, 8);

    private static MultiViewGenerator generator(long seed, int views) {
        return MultiViewGenerator.builder().recipe(MultiViewRecipe.of(ViewRecipe.simsiam(8), views)).seed(seed).threads(2).build();
    }

    private static HvsTrainer.Builder trainer(SslMethod method, ViewSampler views, long seed) {
        return HvsTrainer.builder().method(method).views(views).selector(ViewSelector.hard()).epochs(2).batchSize(8)
                .optimizer(Optimizer.sgd(0.05, 0.9, 1e-4)).seed(seed);
    }

    /** Records every step's loss and selected IoU. */
    static final class Recorder implements TrainingListener {
        final List<Double> losses = new ArrayList<>();
        final List<Double> ious = new ArrayList<>();

        @Override
        public void onStepEnd(StepRecord r) {
            losses.add(r.loss());
            ious.add(r.selectedIou());
        }
    }

    @Test
    void sameSeedGivesTheSameSelectionsAndLosses() {
        List<Recorder> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Recorder rec = new Recorder();
            try (MultiViewGenerator gen = generator(5, 4)) {
                trainer(MethodFixtures.simSiam(9, true), gen::generate, 5).listener(rec).build().fit(DATA);
            }
            runs.add(rec);
        }
        assertEquals(6, runs.get(0).losses.size());
        assertEquals(runs.get(0).losses, runs.get(1).losses);
        assertEquals(runs.get(0).ious, runs.get(1).ious);
    }

    @Test
    void writesALoadableCheckpointEveryEpoch(@TempDir Path dir) {
        Path cp = dir.resolve("checkpoint.zip");
        SslMethod method = MethodFixtures.simClr(2, true);
        FitResult result;
        try (MultiViewGenerator gen = generator(1, 3)) {
            result = trainer(method, gen::generate, 1).checkpoint(cp).build().fit(DATA);
        }
        assertEquals(6, result.steps());
        assertEquals(2, result.epochLosses().size());
        Checkpoint loaded = Checkpoint.load(cp);
        assertEquals(1, loaded.meta().get("epoch"));
        assertEquals(method.networks().get("student").params(), loaded.network("student").params());

        SslMethod fresh = MethodFixtures.simClr(99, true);
        fresh.initialize(new org.hvs.core.method.TrainingSetup(Optimizer.sgd(0.05, 0.9, 1e-4), 1));
        loaded.restoreInto(fresh);
        assertEquals(method.networks().get("student").params(), fresh.networks().get("student").params());
    }

    @Test
    void evaluatesEveryKEpochsAndAfterTheLastWithoutTouchingTheParameters() {
        SslMethod method = MethodFixtures.simSiam(3, true);
        List<Integer> evaluatedAfter = new ArrayList<>();
        List<Double> reported = new ArrayList<>();
        List<INDArray> paramsSeen = new ArrayList<>();
        Evaluation knn = Evaluation.knn(DATA, Shapes.test(3, 16, 8));
        Evaluation spy = m -> {
            paramsSeen.add(m.networks().get("student").params().dup());
            Map<String, Double> r = knn.evaluate(m);
            paramsSeen.add(m.networks().get("student").params().dup());
            return r;
        };
        try (MultiViewGenerator gen = generator(2, 2)) {
            trainer(method, gen::generate, 2).epochs(3).evaluation(spy, 2).listener(new TrainingListener() {
                @Override
                public void onEpochEnd(int epoch, EpochSummary s) {
                    if (!s.eval().isEmpty()) {
                        evaluatedAfter.add(epoch);
                        reported.add(s.eval().get("knn_top1"));
                    }
                }
            }).build().fit(DATA);
        }
        assertEquals(List.of(1, 2), evaluatedAfter, "after epoch 2 (every 2) and after the last, epoch 3");
        for (double top1 : reported) {
            assertTrue(top1 >= 0 && top1 <= 1, "kNN top-1 is a fraction: " + top1);
        }
        assertEquals(paramsSeen.get(0), paramsSeen.get(1), "evaluation leaves the parameters unchanged");
        assertThrows(IllegalArgumentException.class, () -> trainer(method, (d, i, e) -> null, 1).evaluation(spy, 0));
    }

    @Test
    void aNanLossStopsTrainingWithTheStepAndLeavesTheCheckpointIntact(@TempDir Path dir) throws Exception {
        Path cp = dir.resolve("checkpoint.zip");
        try (MultiViewGenerator gen = generator(1, 2)) {
            ViewSampler poisonedInEpochOne = (data, indices, epoch) -> {
                MultiViewBatch b = gen.generate(data, indices, epoch);
                return epoch == 0 ? b : b.mapArrays(a -> a.dup().assign(Double.NaN));
            };
            HvsTrainer t = trainer(MethodFixtures.simSiam(4, true), poisonedInEpochOne, 1)
                    .selector(ViewSelector.random()).checkpoint(cp).build();
            NonFiniteLossException ex = assertThrows(NonFiniteLossException.class, () -> t.fit(DATA));
            assertEquals(3, ex.step(), "first step of epoch 1");
            assertTrue(ex.getMessage().contains("at step 3 (epoch 1)"), ex.getMessage());
        }
        Checkpoint kept = Checkpoint.load(cp);
        assertEquals(0, kept.meta().get("epoch"));
        INDArray params = kept.network("student").params();
        assertTrue(params.isMatrix() || params.isVector());
        assertTrue(Arrays.stream(params.toDoubleVector()).allMatch(Double::isFinite), "checkpoint must hold finite parameters");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files left");
        }
    }

    @Test
    void hvsOnNanViewsFailsWithTheStep() {
        try (MultiViewGenerator gen = generator(1, 4)) {
            ViewSampler nan = (data, indices, epoch) -> gen.generate(data, indices, epoch).mapArrays(a -> a.dup().assign(Double.NaN));
            IllegalStateException ex = assertThrows(IllegalStateException.class,
                    () -> trainer(MethodFixtures.simSiam(4, true), nan, 1).build().fit(DATA));
            assertTrue(ex.getMessage().contains("step 0"), ex.getMessage());
        }
    }

    @Test
    void validatesItsSettings() {
        SslMethod m = MethodFixtures.simSiam(1, true);
        ViewSampler none = (d, i, e) -> {
            throw new AssertionError();
        };
        assertEquals("epochs must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> trainer(m, none, 1).epochs(0).build()).getMessage());
        assertEquals("batchSize must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> trainer(m, none, 1).batchSize(0).build()).getMessage());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> trainer(m, none, 1).batchSize(100).build().fit(DATA));
        assertTrue(tooBig.getMessage().contains("has 24 images, fewer than the batch size 100"), tooBig.getMessage());
        assertEquals("views must be >= 2, got 1", assertThrows(IllegalArgumentException.class,
                () -> MultiViewRecipe.of(ViewRecipe.simsiam(8), 1)).getMessage());
        assertThrows(NullPointerException.class, () -> HvsTrainer.builder().views(none)
                .optimizer(Optimizer.sgd(0.1, 0.9, 0)).build());
    }

    @Test
    void anImageSmallerThanTheCropIsAClearError() {
        try (MultiViewGenerator gen = MultiViewGenerator.builder().recipe(MultiViewRecipe.of(ViewRecipe.simsiam(16), 2))
                .seed(1).threads(1).build()) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> gen.generate(DATA, new int[] {0, 1}, 0));
            assertTrue(ex.getMessage().contains("8") && ex.getMessage().contains("16"), ex.getMessage());
        }
    }
}
