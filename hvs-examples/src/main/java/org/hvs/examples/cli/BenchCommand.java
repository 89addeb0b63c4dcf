package org.hvs.examples.cli;

import org.hvs.augment.MultiViewBatch;
import org.hvs.augment.MultiViewGenerator;
import org.hvs.augment.data.ImageDataset;
import org.hvs.augment.data.Shapes;
import org.hvs.core.method.Backbone;
import org.hvs.core.method.SslMethod;
import org.hvs.core.method.StepContext;
import org.hvs.core.method.TrainingSetup;
import org.hvs.core.select.ViewSelector;
import org.hvs.core.train.HvsTrainer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code hvs bench}: the cost of Hard View Selection. Per method, the median step time with
 * random views and with HVS at N views, at full resolution and with {@code --select-scale 0.5},
 * their ratio next to the cost-model floor 1 + N/6 (1 + N/24 at half resolution), and view
 * generation throughput against what the training step consumes. Medians after warm-up.
 */
final class BenchCommand {
    static final String USAGE = """
            hvs bench [--method simsiam,simclr,dino] [--views N] [--batch B] [--width W] [--repeats R] [--out FILE.json]""";

    private BenchCommand() {
    }

    static int run(Args args, PrintStream out) throws Exception {
        String methods = args.string("method", "simsiam,simclr");
        int repeats = args.integer("repeats", 5, 1);
        String outFile = args.string("out", null);
        RunOptions o = new RunOptions(args);
        args.checkAllUsed();

        Map<String, Object> result = new LinkedHashMap<>();
        ImageDataset data = Shapes.train(o.seed, Math.max(o.batch, 256), o.imageSize);
        int[] indices = new int[o.batch];
        Arrays.setAll(indices, i -> i);
        out.printf(Locale.ROOT, "bench: batch %d, %d views, %dpx, SmallResNet width %d, %d repeats (median)%n",
                o.batch, o.views, o.imageSize, o.width, repeats);
        double viewsPerS = Double.NaN;
        double floor = 1 + o.views / 6.0;
        double floorHalf = 1 + o.views / 24.0;
        for (String m : methods.split(",")) {
            String name = m.strip().toLowerCase(Locale.ROOT);
            RunOptions mo = o.withMethod(name);
            Backbone backbone = mo.backbone(3, o.imageSize, o.imageSize);
            SslMethod method = mo.method(backbone);
            method.initialize(new TrainingSetup(mo.optimizer(), o.seed));
            try (MultiViewGenerator gen = MultiViewGenerator.builder().recipe(mo.recipe(o.imageSize)).seed(o.seed)
                    .threads(o.threads).build()) {
                MultiViewBatch batch = gen.generate(data, indices, 0);
                double genMs = median(repeats, () -> gen.generate(data, indices, 1));
                viewsPerS = o.batch * o.views / (genMs / 1000);
                double randomMs = stepMs(method, mo, ViewSelector.random(), batch, repeats);
                double hvsMs = stepMs(method, mo, ViewSelector.hard(), batch, repeats);
                double halfMs = stepMs(method, mo, ViewSelector.hard(0.5), batch, repeats);
                result.put(name + "_random_ms", randomMs);
                result.put(name + "_hvs_ms", hvsMs);
                result.put(name + "_hvs_half_ms", halfMs);
                result.put(name + "_hvs_ratio", hvsMs / randomMs);
                result.put(name + "_hvs_ratio_half", halfMs / randomMs);
                result.put(name + "_view_gen_ms", genMs);
                out.printf(Locale.ROOT, "%-8s random %7.1f ms | hvs %7.1f ms, ratio %.2f (floor %.2f) | hvs@0.5 %7.1f ms,"
                                + " ratio %.2f (floor %.2f) | views for one step %.1f ms (%.1fx faster than the hvs step)%n",
                        name, randomMs, hvsMs, hvsMs / randomMs, floor, halfMs, halfMs / randomMs, floorHalf, genMs,
                        hvsMs / genMs);
            }
        }
        result.put("views_per_s", viewsPerS);
        result.put("ratio_floor", floor);
        result.put("ratio_floor_half", floorHalf);
        result.put("batch", o.batch);
        result.put("views", o.views);
        if (outFile != null) {
            Json.write(Path.of(outFile), result);
            out.println("wrote " + outFile);
        }
        return 0;
    }

    private static double stepMs(SslMethod method, RunOptions o, ViewSelector selector, MultiViewBatch batch, int repeats) {
        HvsTrainer trainer = HvsTrainer.builder().method(method).views((d, i, e) -> batch).selector(selector)
                .batchSize(o.batch).optimizer(o.optimizer()).seed(o.seed).build();
        long[] step = {0};
        return median(repeats, () -> trainer.step(batch, new StepContext(step[0]++, 0, 1000, 100, 1e-4)));
    }

    private static double median(int repeats, Runnable r) {
        // warm-up: the JIT and the native kernels' first calls at a new shape take seconds
        for (int i = 0; i < 5; i++) {
            r.run();
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            r.run();
            times.add((System.nanoTime() - t0) / 1e6);
        }
        times.sort(Double::compare);
        return times.get(times.size() / 2);
    }
}
