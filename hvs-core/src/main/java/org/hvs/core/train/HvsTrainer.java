package org.hvs.core.train;

import org.hvs.augment.MultiViewBatch;
import org.hvs.augment.data.ImageDataset;
import org.hvs.core.io.Checkpoint;
import org.hvs.core.eval.Evaluation;
import org.hvs.core.listen.EpochSummary;
import org.hvs.core.listen.FitInfo;
import org.hvs.core.listen.FitSummary;
import org.hvs.core.listen.StepRecord;
import org.hvs.core.listen.TrainingListener;
import org.hvs.core.method.SslMethod;
import org.hvs.core.method.StepContext;
import org.hvs.core.method.StepOutput;
import org.hvs.core.method.TrainingSetup;
import org.hvs.core.method.TrainingViews;
import org.hvs.core.schedule.Schedule;
import org.hvs.core.select.Candidate;
import org.hvs.core.select.Candidates;
import org.hvs.core.select.Selection;
import org.hvs.core.select.SelectionRequest;
import org.hvs.core.select.ViewSelector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains a self-supervised method with a pluggable view selector (Hard View Selection by default).
 * Each step: make N candidate views per image, let the selector choose a pair per sample (HVS: one
 * no-gradient forward, the worst pair), train on the chosen pair, tell the listeners.
 *
 * <pre>{@code
 * HvsTrainer trainer = HvsTrainer.builder()
 *         .method(SimSiam.builder().backbone(backbone).build())
 *         .views(generator::generate)
 *         .selector(ViewSelector.hard())
 *         .epochs(10).batchSize(128)
 *         .optimizer(Optimizer.sgd(0.05, 0.9, 5e-4))
 *         .build();
 * FitResult result = trainer.fit(dataset);
 * }</pre>
 *
 * <p>{@link #step} is public so a user can write their own loop.
 */
public final class HvsTrainer {
    private final SslMethod method;
    private final ViewSampler views;
    private final ViewSelector selector;
    private final int epochs;
    private final int batchSize;
    private final Optimizer optimizer;
    private final Schedule learningRate;
    private final double warmupEpochs;
    private final long seed;
    private final List<TrainingListener> listeners;
    private final Path checkpoint;
    private final Evaluation evaluation;
    private final int evaluateEvery;

    private HvsTrainer(Builder b) {
        this.method = b.method;
        this.views = b.views;
        this.selector = b.selector;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.optimizer = b.optimizer;
        this.learningRate = b.learningRate;
        this.warmupEpochs = b.warmupEpochs;
        this.seed = b.seed;
        this.listeners = List.copyOf(b.listeners);
        this.checkpoint = b.checkpoint;
        this.evaluation = b.evaluation;
        this.evaluateEvery = b.evaluateEvery;
    }

    public static Builder builder() {
        return new Builder();
    }

    public SslMethod method() {
        return method;
    }

    public ViewSelector selector() {
        return selector;
    }

    /**
     * Runs {@code epochs} epochs over {@code data} (shuffled per epoch from the seed, last partial
     * batch dropped), saving the checkpoint after each epoch when one is configured.
     */
    public FitResult fit(ImageDataset data) {
        Objects.requireNonNull(data, "data");
        int stepsPerEpoch = data.size() / batchSize;
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has " + data.size()
                    + " images, fewer than the batch size " + batchSize);
        }
        method.initialize(new TrainingSetup(optimizer, seed));
        long totalSteps = (long) stepsPerEpoch * epochs;
        Schedule lr = learningRate != null ? learningRate
                : Schedule.warmupCosine(optimizer.learningRate(),
                        Math.min(Math.round(warmupEpochs * stepsPerEpoch), totalSteps - 1), totalSteps, 0.0);
        FitInfo info = new FitInfo(method.name(), selector.name(), epochs, stepsPerEpoch, totalSteps, batchSize);
        listeners.forEach(l -> l.onFitStart(info));

        long start = System.nanoTime();
        long step = 0;
        List<Double> epochLosses = new ArrayList<>();
        double sumStepMs = 0, sumSelectMs = 0, sumSelIou = 0, sumRandIou = 0, lastLoss = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = Seeds.permutation(data.size(), Seeds.mix(seed, 0x5EED_0000L + epoch));
            double epochLoss = 0, epochMs = 0;
            for (int s = 0; s < stepsPerEpoch; s++, step++) {
                int[] indices = java.util.Arrays.copyOfRange(order, s * batchSize, (s + 1) * batchSize);
                long t0 = System.nanoTime();
                MultiViewBatch batch = views.sample(data, indices, epoch);
                double viewMs = (System.nanoTime() - t0) / 1e6;
                StepContext ctx = new StepContext(step, epoch, totalSteps, stepsPerEpoch, lr.valueAt(step));
                StepResult r = step(batch, ctx);
                lastLoss = r.loss();
                epochLoss += r.loss();
                epochMs += r.stepMs();
                sumStepMs += r.stepMs();
                sumSelectMs += r.selectMs();
                sumSelIou += r.selectedIou();
                sumRandIou += r.randomIou();
                Map<String, Double> metrics = new HashMap<>(r.output().metrics());
                metrics.put("view_ms", viewMs);
                StepRecord rec = new StepRecord(step, epoch, r.loss(), ctx.learningRate(), r.stepMs(), r.selectMs(),
                        r.selectedIou(), r.randomIou(), metrics);
                listeners.forEach(l -> l.onStepEnd(rec));
            }
            epochLosses.add(epochLoss / stepsPerEpoch);
            if (checkpoint != null) {
                Checkpoint.save(checkpoint, method, Map.of("method", method.name(), "selector", selector.name(),
                        "epoch", epoch, "step", step, "seed", seed));
            }
            Map<String, Double> eval = evaluation != null && ((epoch + 1) % evaluateEvery == 0 || epoch == epochs - 1)
                    ? evaluation.evaluate(method) : Map.of();
            EpochSummary summary = new EpochSummary(epoch, stepsPerEpoch, epochLoss / stepsPerEpoch, epochMs / stepsPerEpoch, eval);
            int e = epoch;
            listeners.forEach(l -> l.onEpochEnd(e, summary));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        FitResult result = new FitResult(epochs, step, epochLosses, lastLoss, sumStepMs / step, sumSelectMs / step,
                (double) step * batchSize / wall, sumSelIou / step, sumRandIou / step, wall);
        FitSummary fitSummary = new FitSummary(step, wall * 1000, lastLoss);
        listeners.forEach(l -> l.onFitEnd(fitSummary));
        return result;
    }

    /**
     * One training step on a batch of candidate views: select (HVS scores every candidate with one
     * batched no-gradient forward), gather the chosen views, train on them.
     */
    public StepResult step(MultiViewBatch batch, StepContext ctx) {
        Objects.requireNonNull(batch, "batch");
        method.initialize(new TrainingSetup(optimizer, seed));
        BlasThreads.applyTrainingDefault();   // once per process: OpenBLAS's pool must not fight the OpenMP one
        long t0 = System.nanoTime();
        method.beginStep(ctx);
        List<Candidate> candidates = method.candidates(batch);
        Selection selection = selector.select(new SelectionRequest(batch, candidates, method::scoreCandidates,
                ctx.step(), Seeds.mix(seed, ctx.step())));
        TrainingViews chosen = TrainingViews.chosen(batch, selection);
        long t1 = System.nanoTime();
        StepOutput out = method.trainStep(chosen, ctx);
        NativeMemoryGuard.shared().check();   // native buffers are freed only by GC: keep resident memory bounded
        long t2 = System.nanoTime();
        Selection baseline = Selection.uniform(candidates, 0, batch.batchSize());
        return new StepResult(out, selection, (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                Candidates.meanIou(batch, selection), Candidates.meanIou(batch, baseline));
    }

    /** Builder; {@code method}, {@code views} and {@code optimizer} are required. */
    public static final class Builder {
        private SslMethod method;
        private ViewSampler views;
        private ViewSelector selector = ViewSelector.hard();
        private int epochs = 1;
        private int batchSize = 64;
        private Optimizer optimizer;
        private Schedule learningRate;
        private double warmupEpochs = 0;
        private long seed = 42;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Path checkpoint;
        private Evaluation evaluation;
        private int evaluateEvery = 1;

        public Builder method(SslMethod m) {
            this.method = m;
            return this;
        }

        public Builder views(ViewSampler v) {
            this.views = v;
            return this;
        }

        public Builder selector(ViewSelector s) {
            this.selector = s;
            return this;
        }

        public Builder epochs(int e) {
            this.epochs = e;
            return this;
        }

        public Builder batchSize(int b) {
            this.batchSize = b;
            return this;
        }

        public Builder optimizer(Optimizer o) {
            this.optimizer = o;
            return this;
        }

        /** Learning rate per global step; default: linear warm-up over {@code warmupEpochs}, then cosine to 0. */
        public Builder learningRate(Schedule s) {
            this.learningRate = s;
            return this;
        }

        /** Warm-up length for the default learning-rate schedule (default 0). */
        public Builder warmupEpochs(double w) {
            this.warmupEpochs = w;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder listener(TrainingListener l) {
            this.listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** Where to save a checkpoint after every epoch (atomically); none by default. */
        public Builder checkpoint(Path file) {
            this.checkpoint = file;
            return this;
        }

        /**
         * Runs {@code e} after every {@code everyEpochs} epochs and after the last; its results go
         * to the listeners in {@link EpochSummary#eval()}. None by default.
         */
        public Builder evaluation(Evaluation e, int everyEpochs) {
            if (everyEpochs < 1) {
                throw new IllegalArgumentException("everyEpochs must be >= 1, got " + everyEpochs);
            }
            this.evaluation = Objects.requireNonNull(e, "evaluation");
            this.evaluateEvery = everyEpochs;
            return this;
        }

        public HvsTrainer build() {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(views, "views");
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(optimizer, "optimizer");
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (!(warmupEpochs >= 0) || warmupEpochs > epochs) {
                throw new IllegalArgumentException("warmupEpochs must be in [0, epochs=" + epochs + "], got " + warmupEpochs);
            }
            return new HvsTrainer(this);
        }
    }
}
