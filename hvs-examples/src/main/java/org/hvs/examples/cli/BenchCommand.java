package org.hvs.examples.cli;

import org.hvs.augment.data.ImageDataset;
import org.hvs.augment.data.Shapes;
import org.hvs.core.train.BlasThreads;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code hvs bench}: how fast the library trains, on this machine, now. Three parts, each timed as
 * medians of several calls after warm-up, with the spread and any stalls (slow calls, attributed to
 * GC, JIT, load from other processes or page faults; see {@link Samples}):
 * <ol>
 *   <li>backbones ({@link BackboneBench}): inference at batch 256 and a training step at batch 128 of
 *   the standard small backbone (SmallCnn) and the ResNet presets, their GFLOP/s and the sgemm
 *   GFLOP/s measured interleaved with them; the peak resident memory at batch 256;</li>
 *   <li>methods ({@link MethodBench}): random-view vs HVS step time at N views, at full and half
 *   selection resolution, against the floors 1 + N/6 and 1 + N/24; view generation against the
 *   step's consumption;</li>
 *   <li>with {@code --soak STEPS} instead of the above, the memory soak ({@link SoakBench}), which
 *   exits with 1 when memory keeps growing.</li>
 * </ol>
 * {@code --out FILE} writes every figure as one flat JSON object.
 */
final class BenchCommand {
    static final String USAGE = """
            hvs bench [--method simsiam,simclr,dino|none] [--backbones smallcnn,resnet16,resnet32,vit-tiny|none]
                      [--views N] [--batch B] [--width W] [--repeats R] [--method-steps S] [--warmup W]
                      [--warmup-max-s S] [--out FILE.json]
                      [--infer-batch 256] [--train-batch 128]
                      [--soak STEPS [--soak-interval K] [--soak-tolerance-mb MB]]   memory soak instead of timings
              defaults: simsiam, simclr, dino and the three CNN presets (vit-tiny and ibot only when named), 4 views,
              batch 128, width 16, 7 repeats after at least 3 warm-up rounds and then until JIT compilation is quiet
              for 3 rounds in a row, at most 60 s per measurement (--warmup-max-s); --warmup 0: no warm-up;
              each selector of a method steps in a JVM of its own, 40 timed steps (--method-steps) in blocks of 5""";

    /** The bench's own options, which the step workers do not take. */
    private static final List<String> OWN_OPTIONS = List.of("method", "backbones", "repeats", "method-steps", "warmup",
            "warmup-max-s", "infer-batch", "train-batch", "soak", "soak-interval", "soak-tolerance-mb", "out", "selector", "select-scale");

    private BenchCommand() {
    }

    static int run(Args args, PrintStream out) throws Exception {
        List<String> methods = list(args.string("method", "simsiam,simclr,dino"));
        List<String> backbones = list(args.string("backbones", String.join(",", BackboneBench.PRESETS)));
        int repeats = args.integer("repeats", 7, 1);
        int methodSteps = args.integer("method-steps", 40, 1);
        int warmup = args.integer("warmup", 3, 0);
        double warmupMaxS = args.real("warmup-max-s", 60, 0, 3600);
        int inferBatch = args.integer("infer-batch", 256, 1);
        int trainBatch = args.integer("train-batch", 128, 1);
        int soak = args.integer("soak", 0, 0);
        int soakInterval = args.integer("soak-interval", Math.max(1, soak / 20), 1);
        double toleranceMb = args.real("soak-tolerance-mb", 256, 0, 1e6);
        String outFile = args.string("out", null);
        RunOptions o = new RunOptions(args, 128);
        args.checkAllUsed();
        backbones.forEach(BackboneBench::preset);   // validate names before minutes of work
        methods.forEach(o::withMethod);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", java.time.Instant.now().toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("load_average_start", Samples.round(loadAverage()));
        json.put("nd4j_backend", String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("blas.vendor")));
        json.put("nd4j_periodic_gc", Nd4j.getMemoryManager().isPeriodicGcActive());
        json.put("blas_threads", BlasThreads.applyTrainingDefault());   // as HvsTrainer does
        String allocator = ProcessMemory.allocator();
        json.put("allocator", allocator);
        json.put("repeats", repeats);
        json.put("warmup", warmup);
        json.put("method_steps", methodSteps);
        json.put("method_block", MethodBench.BLOCK);
        json.put("warmup_max_s", warmupMaxS);
        Sampler.Warmup warm = Sampler.Warmup.untilJitQuiet(warmup, Math.round(warmupMaxS * 1000));
        ImageDataset data = Shapes.train(o.seed, Math.max(o.batch, 256), o.imageSize);
        int code = 0;
        if (soak > 0) {
            RunOptions so = o.withMethod(methods.isEmpty() ? "simclr" : methods.get(0));
            SoakBench.Verdict v = SoakBench.run(so, data, soak, soakInterval, toleranceMb, json, out);
            code = v.ok() ? 0 : 1;
        } else {
            out.printf(Locale.ROOT, "bench: %d cores, load average %.1f, allocator %s; medians of %d calls after at least %d"
                            + " warm-up rounds, more until the JIT is quiet%n",
                    Runtime.getRuntime().availableProcessors(), loadAverage(), allocator, repeats, warmup);
            if (!backbones.isEmpty()) {
                long peak = BackboneBench.peakRssAfterInference(inferBatch, 2);
                json.put("peak_rss_mb_b256", Samples.round(ProcessMemory.mb(peak)));
                json.put("infer_batch", inferBatch);
                json.put("train_batch", trainBatch);
                out.printf(Locale.ROOT, "peak resident memory after SmallCnn inference at batch %d: %.0f MB (%s)%n",
                        inferBatch, ProcessMemory.mb(peak), ProcessMemory.source());
            }
            for (String b : backbones) {
                BackboneBench.run(b, inferBatch, trainBatch, warm, repeats, json, out);
            }
            List<MethodBench.Result> results = new ArrayList<>();
            for (String m : methods) {
                results.add(MethodBench.run(o.withMethod(m), args.options(OWN_OPTIONS), data, warm, repeats, methodSteps,
                        json, out));
            }
            if (!results.isEmpty()) {
                // the summary figure: the slowest generation against the hungriest step
                double viewsPerS = results.stream().mapToDouble(MethodBench.Result::viewsPerS).min().orElseThrow();
                double consumed = results.stream().mapToDouble(MethodBench.Result::consumedViewsPerS).max().orElseThrow();
                json.put("views_per_s", Samples.round(viewsPerS));
                json.put("consumed_views_per_s", Samples.round(consumed));
                json.put("views_headroom", Samples.round(viewsPerS / consumed));
                json.put("ratio_floor", Samples.round(1 + o.views / 6.0));
                json.put("ratio_floor_half", Samples.round(1 + o.views / 24.0));
                json.put("batch", o.batch);
                json.put("views", o.views);
                json.put("width", o.width);
            }
        }
        json.put("peak_rss_mb", Samples.round(ProcessMemory.mb(ProcessMemory.peakRssBytes())));
        json.put("load_average_end", Samples.round(loadAverage()));
        if (outFile != null) {
            json.replaceAll((k, v) -> v instanceof Double d && !Double.isFinite(d) ? null : v);
            Json.write(Path.of(outFile), json);
            out.println("wrote " + outFile);
        }
        return code;
    }

    /** A comma-separated list, lower case; "none" or empty gives an empty list. */
    static List<String> list(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            if (!t.isEmpty() && !t.equals("none")) {
                out.add(t);
            }
        }
        return out;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
