package org.hvs.examples.cli;

import org.hvs.augment.MultiViewGenerator;
import org.hvs.augment.data.ImageDataset;
import org.hvs.core.method.Backbone;
import org.hvs.core.method.SslMethod;
import org.hvs.core.method.StepContext;
import org.hvs.core.method.TrainingSetup;
import org.hvs.core.train.HvsTrainer;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code hvs bench --soak STEPS}: the memory soak. Runs STEPS training steps of one method with its
 * selector (fresh views every step, as {@code pretrain} does), printing resident memory and heap
 * every {@code interval} steps, and fails when memory keeps growing: when the smallest resident size
 * of the last quarter of the readings exceeds the largest of the first half (after a warm-up of 10% of
 * the steps) by more than the tolerance. Lazily freed native memory makes resident size a sawtooth;
 * a leak lifts even its low points.
 */
final class SoakBench {
    private SoakBench() {
    }

    /** One reading: after {@code step} steps, resident MB, heap MB in use after the last GC, heap MB in use now. */
    record Reading(long step, double rssMb, double heapLiveMb, double heapUsedMb) {
    }

    /** The verdict: growth in MB between the first half and the last quarter, and whether it is within tolerance. */
    record Verdict(double growthMb, double toleranceMb, boolean ok) {
    }

    /** Runs the soak; adds {@code soak_*} keys to {@code json}; returns the verdict. */
    static Verdict run(RunOptions o, ImageDataset data, long steps, long interval, double toleranceMb,
                       Map<String, Object> json, PrintStream out) {
        Backbone backbone = o.backbone(3, o.imageSize, o.imageSize);
        SslMethod method = o.method(backbone);
        method.initialize(new TrainingSetup(o.optimizer(), o.seed));
        int[] indices = new int[o.batch];
        long warmup = Math.max(1, steps / 10);
        List<Reading> readings = new ArrayList<>();
        out.printf(Locale.ROOT, "soak: %d steps of %s/%s, batch %d, reading every %d steps, tolerance %.0f MB (%s)%n",
                steps, o.method, o.selector, o.batch, interval, toleranceMb, ProcessMemory.source());
        long t0 = System.nanoTime();
        try (MultiViewGenerator gen = o.viewGenerator()) {
            HvsTrainer trainer = HvsTrainer.builder().method(method).views(gen::generate).selector(o.selector(o.selector, 0))
                    .batchSize(o.batch).optimizer(o.optimizer()).seed(o.seed).build();
            for (long step = 0; step < steps; step++) {
                for (int i = 0; i < indices.length; i++) {
                    indices[i] = (int) ((step * indices.length + i) % data.size());
                }
                trainer.step(gen.generate(data, indices, (int) (step / 100)),
                        new StepContext(step, 0, steps, 100, 1e-4));
                if ((step + 1) % interval == 0 || step + 1 == steps) {
                    Reading r = new Reading(step + 1, ProcessMemory.mb(ProcessMemory.rssBytes()), heapLiveMb(),
                            ProcessMemory.mb(ProcessMemory.heapUsedBytes()));
                    out.printf(Locale.ROOT, "soak step %6d: rss %7.1f MB, heap live %6.1f MB, heap used %6.1f MB, %.0f ms/step%n",
                            r.step(), r.rssMb(), r.heapLiveMb(), r.heapUsedMb(), (System.nanoTime() - t0) / 1e6 / (step + 1));
                    if (r.step() > warmup) {
                        readings.add(r);
                    }
                }
            }
        }
        Verdict v = verdict(readings, toleranceMb);
        json.put("soak_steps", steps);
        json.put("soak_rss_growth_mb", Samples.round(v.growthMb()));
        json.put("soak_tolerance_mb", toleranceMb);
        json.put("soak_ok", v.ok());
        json.put("soak_peak_rss_mb", Samples.round(ProcessMemory.mb(ProcessMemory.peakRssBytes())));
        json.put("soak_ms_per_step", Samples.round((System.nanoTime() - t0) / 1e6 / steps));
        out.printf(Locale.ROOT, "soak: resident memory growth %.1f MB (tolerance %.0f MB): %s%n", v.growthMb(), toleranceMb,
                v.ok() ? "ok" : "FAILED, memory keeps growing");
        return v;
    }

    /** Growth = min RSS of the last quarter of the readings - max RSS of the first half; ok when within tolerance. */
    static Verdict verdict(List<Reading> readings, double toleranceMb) {
        if (readings.size() < 2) {
            return new Verdict(0, toleranceMb, true);
        }
        int n = readings.size();
        double firstHalfMax = readings.subList(0, Math.max(1, n / 2)).stream().mapToDouble(Reading::rssMb).max().orElseThrow();
        double lastQuarterMin = readings.subList(n - Math.max(1, n / 4), n).stream().mapToDouble(Reading::rssMb).min()
                .orElseThrow();
        double growth = lastQuarterMin - firstHalfMax;
        return new Verdict(growth, toleranceMb, growth <= toleranceMb);
    }

    /** Heap in use after the most recent collection, summed over the heap pools (no GC forced). */
    static double heapLiveMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = p.getType() == MemoryType.HEAP ? p.getCollectionUsage() : null;
            if (u != null) {
                sum += u.getUsed();
            }
        }
        return ProcessMemory.mb(sum);
    }
}
