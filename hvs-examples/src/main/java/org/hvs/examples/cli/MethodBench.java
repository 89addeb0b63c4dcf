package org.hvs.examples.cli;

import org.hvs.augment.MultiViewBatch;
import org.hvs.augment.MultiViewGenerator;
import org.hvs.augment.data.ImageDataset;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The method part of {@code hvs bench}: for one method, the step time with random views, with HVS
 * at N views and with HVS selecting at half resolution, each selector training its own copy of the method
 * in a process of its own ({@link StepWorker}: as a training run would, with its own heap, garbage
 * collector and allocator), the three taking blocks of steps in turn (random, HVS, HVS@0.5, random, ...,
 * see {@link #timedBlocks}) so that their ratios compare steps taken under the same load; the ratios next
 * to the cost model's floors 1 + N/6 and 1 + N/24; and view generation against what the HVS step consumes.
 */
final class MethodBench {
    /** The selectors compared: name, {@code --selector}, {@code --select-scale}. */
    private static final List<List<String>> SELECTORS = List.of(
            List.of("random", "random", "1"), List.of("hvs", "hvs", "1"), List.of("hvs@0.5", "hvs", "0.5"));

    /** Timed steps a worker takes in a row. */
    static final int BLOCK = 5;
    /** Untimed steps before each block. */
    static final int SETTLE = 1;

    private MethodBench() {
    }

    /** What {@link #run} measured, for the summary keys. */
    record Result(double viewsPerS, double consumedViewsPerS) {
    }

    /**
     * Adds {@code M_random_ms, M_hvs_ms, M_hvs_half_ms, M_hvs_ratio, M_hvs_ratio_half, M_view_gen_ms,
     * M_views_per_s, M_consumed_views_per_s} (+ spread and stalls), and each step's split into selection
     * and training ({@code M_random_select_ms, M_hvs_train_ms, ...}, medians) to {@code json}.
     *
     * @param workerOptions the run options for the step workers (model, batch, views, seed, ...), without
     *                      {@code --method}, {@code --selector} and {@code --select-scale}
     */
    static Result run(RunOptions o, List<String> workerOptions, ImageDataset data, Sampler.Warmup warmup, int repeats,
                      int steps, Map<String, Object> json, PrintStream out) throws IOException {
        String name = o.method;
        int[] indices = benchIndices(o.batch, data);
        List<StepWorker> workers = new ArrayList<>();
        try (MultiViewGenerator gen = o.viewGenerator()) {
            MultiViewBatch batch = gen.generate(data, indices, 0);
            int[] epoch = {1};
            Samples genMs = Sampler.run(name + " views", warmup.withMinRoundsAtMost(1), repeats,
                    () -> gen.generate(data, indices, epoch[0]++));
            for (List<String> sel : SELECTORS) {
                List<String> options = new ArrayList<>(workerOptions);
                options.addAll(List.of("--method=" + name, "--selector=" + sel.get(1), "--select-scale=" + sel.get(2)));
                workers.add(StepWorker.start(name + " " + sel.get(0), options));
            }
            // the workers compile their own code: the warm-up waits until all three are quiet
            Sampler.Warmup warm = warmup.withJitClock(() -> workers.stream().mapToLong(StepWorker::jitTotalMs).sum());
            int warmupRounds = warm.run(() -> workers.forEach(StepWorker::step));
            List<List<StepWorker.Step>> timedSteps = timedBlocks(
                    workers.stream().<Supplier<StepWorker.Step>>map(w -> w::step).toList(), steps);
            List<Samples> s = new ArrayList<>();
            String[] split = new String[3];
            String[] keys = {"_random", "_hvs", "_hvs_half"};
            for (int k = 0; k < 3; k++) {
                List<StepWorker.Step> timed = timedSteps.get(k);
                s.add(new Samples(SELECTORS.get(k).get(0), timed.stream().map(StepWorker.Step::sample).toList(),
                        warmupRounds));
                double select = Samples.median(timed.stream().mapToDouble(StepWorker.Step::selectMs).toArray());
                double train = Samples.median(timed.stream().mapToDouble(StepWorker.Step::trainMs).toArray());
                json.put(name + keys[k] + "_select_ms", Samples.round(select));
                json.put(name + keys[k] + "_train_ms", Samples.round(train));
                split[k] = String.format(Locale.ROOT, "select %.0f + train %.0f ms", select, train);
            }
            double randomMs = s.get(0).median();
            double hvsMs = s.get(1).median();
            double halfMs = s.get(2).median();
            int viewsPerBatch = o.batch * (batch.numViews() + batch.numLocalViews());
            double viewsPerS = viewsPerBatch / (genMs.median() / 1000);
            double consumed = viewsPerBatch / (hvsMs / 1000);
            s.get(0).putInto(json, name + "_random_ms");
            s.get(1).putInto(json, name + "_hvs_ms");
            s.get(2).putInto(json, name + "_hvs_half_ms");
            json.put(name + "_hvs_ratio", Samples.round(hvsMs / randomMs));
            json.put(name + "_hvs_ratio_half", Samples.round(halfMs / randomMs));
            genMs.putInto(json, name + "_view_gen_ms");
            json.put(name + "_views_per_s", Samples.round(viewsPerS));
            json.put(name + "_consumed_views_per_s", Samples.round(consumed));
            double floor = 1 + o.views / 6.0;
            double floorHalf = 1 + o.views / 24.0;
            out.printf(Locale.ROOT, "%-8s random  %s%n", name, s.get(0).describe());
            out.printf(Locale.ROOT, "                 %s%n", split[0]);
            out.printf(Locale.ROOT, "         hvs     %s, ratio %.2f (floor %.2f)%n", s.get(1).describe(),
                    hvsMs / randomMs, floor);
            out.printf(Locale.ROOT, "                 %s%n", split[1]);
            out.printf(Locale.ROOT, "         hvs@0.5 %s, ratio %.2f (floor %.2f)%n", s.get(2).describe(),
                    halfMs / randomMs, floorHalf);
            out.printf(Locale.ROOT, "                 %s%n", split[2]);
            out.printf(Locale.ROOT, "         views   %d per step generated in %s: %.0f views/s, %.1fx what the hvs step"
                    + " consumes (%.0f views/s)%n", viewsPerBatch, genMs.describe(), viewsPerS, viewsPerS / consumed, consumed);
            return new Result(viewsPerS, consumed);
        } finally {
            workers.forEach(StepWorker::close);
        }
    }

    /** The images of the benched batch: the first {@code batch} of {@code data}, round again if it has fewer. */
    static int[] benchIndices(int batch, ImageDataset data) {
        int[] indices = new int[batch];
        for (int i = 0; i < batch; i++) {
            indices[i] = i % data.size();
        }
        return indices;
    }

    /**
     * {@code steps} timed steps of each worker, taken in blocks of {@value #BLOCK} in turn (worker 1, 2, 3,
     * 1, 2, 3, ...), each block after {@value #SETTLE} untimed step. Blocks rather than single steps in
     * turn: a worker's first step after the others' starts cold (its OpenMP threads asleep, its memory out
     * of the caches, the other JVMs' compilers busy). Taken one at a time, an HVS step's selection forward
     * took that cold start and a random-view step's training did, so that the random-view training part
     * came out 30-60 ms slower than the HVS one of the same code; in blocks the three training parts agreed
     * within 5% (2026-12-07). In a training run every step follows one of its own.
     */
    static <T> List<List<T>> timedBlocks(List<Supplier<T>> workers, int steps) {
        List<List<T>> timed = new ArrayList<>();
        workers.forEach(w -> timed.add(new ArrayList<>()));
        while (timed.get(0).size() < steps) {
            int n = Math.min(BLOCK, steps - timed.get(0).size());
            for (int k = 0; k < workers.size(); k++) {
                for (int i = 0; i < SETTLE; i++) {
                    workers.get(k).get();
                }
                for (int i = 0; i < n; i++) {
                    timed.get(k).add(workers.get(k).get());
                }
            }
        }
        return timed;
    }
}
