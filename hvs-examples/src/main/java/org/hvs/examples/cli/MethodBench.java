package org.hvs.examples.cli;

import org.hvs.augment.MultiViewBatch;
import org.hvs.augment.MultiViewGenerator;
import org.hvs.augment.data.ImageDataset;
import org.hvs.core.method.SslMethod;
import org.hvs.core.method.StepContext;
import org.hvs.core.method.TrainingSetup;
import org.hvs.core.select.ViewSelector;
import org.hvs.core.train.HvsTrainer;
import org.hvs.core.train.StepResult;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The method part of {@code hvs bench}: for one method, the step time with random views, with HVS
 * at N views and with HVS selecting at half resolution, measured interleaved (random, HVS, HVS@0.5,
 * random, ...) so their ratios compare calls made under the same load, each selector training its own
 * copy of the method (a shared network let one selector's shapes and memory slow the others' steps);
 * the ratios next to the cost model's floors 1 + N/6 and 1 + N/24; and view generation against what
 * the HVS step consumes.
 */
final class MethodBench {
    private MethodBench() {
    }

    /** What {@link #run} measured, for the summary keys. */
    record Result(double viewsPerS, double consumedViewsPerS) {
    }

    /**
     * Adds {@code M_random_ms, M_hvs_ms, M_hvs_half_ms, M_hvs_ratio, M_hvs_ratio_half, M_view_gen_ms,
     * M_views_per_s, M_consumed_views_per_s} (+ spread and stalls), and each step's split into selection
     * and training ({@code M_random_select_ms, M_hvs_train_ms, ...}, medians) to {@code json}.
     */
    static Result run(RunOptions o, ImageDataset data, Sampler.Warmup warmup, int repeats, Map<String, Object> json,
                      PrintStream out) {
        String name = o.method;
        // one method (network, optimizer state, kept buffers, workspaces) per selector: three training
        // runs advanced step by step in turn, so that they share the machine's load but no state
        List<SslMethod> methods = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            SslMethod m = o.method(o.backbone(3, o.imageSize, o.imageSize));
            m.initialize(new TrainingSetup(o.optimizer(), o.seed));
            methods.add(m);
        }
        int[] indices = new int[o.batch];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i % data.size();
        }
        try (MultiViewGenerator gen = MultiViewGenerator.builder().recipe(o.recipe(o.imageSize)).seed(o.seed)
                .threads(o.threads).build()) {
            MultiViewBatch batch = gen.generate(data, indices, 0);
            int[] epoch = {1};
            Samples genMs = Sampler.run(name + " views", warmup.withMinRoundsAtMost(1), repeats,
                    () -> gen.generate(data, indices, epoch[0]++));
            long[] step = {0};
            List<List<StepResult>> results = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            List<Samples> s = Sampler.interleaved(warmup, repeats, List.of("random", "hvs", "hvs@0.5"), List.of(
                    stepper(methods.get(0), o, ViewSelector.random(), batch, step, results.get(0)),
                    stepper(methods.get(1), o, ViewSelector.hard(), batch, step, results.get(1)),
                    stepper(methods.get(2), o, ViewSelector.hard(0.5), batch, step, results.get(2))));
            String[] split = new String[3];
            String[] keys = {"_random", "_hvs", "_hvs_half"};
            for (int k = 0; k < 3; k++) {
                // the timed calls are the last `repeats` of each stepper
                List<StepResult> timed = results.get(k).subList(results.get(k).size() - repeats, results.get(k).size());
                double select = Samples.median(timed.stream().mapToDouble(StepResult::selectMs).toArray());
                double train = Samples.median(timed.stream().mapToDouble(StepResult::trainMs).toArray());
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
        }
    }

    /** A training step of {@code method} with {@code selector}, each step's result added to {@code results}. */
    private static Runnable stepper(SslMethod method, RunOptions o, ViewSelector selector, MultiViewBatch batch,
                                    long[] step, List<StepResult> results) {
        HvsTrainer trainer = HvsTrainer.builder().method(method).views((d, i, e) -> batch).selector(selector)
                .batchSize(o.batch).optimizer(o.optimizer()).seed(o.seed).build();
        return () -> results.add(trainer.step(batch, new StepContext(step[0]++, 0, 1000, 100, 1e-4)));
    }
}
