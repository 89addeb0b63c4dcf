package org.hvs.examples.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The timed calls of one piece of work (see {@link Sampler}): median, quartiles and the spread
 * {@code (q3 - q1) / median}, and the stalls (calls slower than {@value #STALL_FACTOR} x the
 * median) each attributed to its most likely cause.
 */
final class Samples {
    /** A call slower than this multiple of the median counts as a stall. */
    static final double STALL_FACTOR = 1.5;

    /**
     * One timed call: wall ms, and during it: GC pause ms, JIT compilation ms (compiler threads),
     * process CPU ms (all threads; negative when unknown), minor page faults, and ms the process's
     * threads waited for a core (summed over threads; 0 when unknown).
     */
    record Sample(double ms, double gcMs, double jitMs, double cpuMs, long minorFaults, double waitMs) {
    }

    private final String name;
    private final List<Sample> samples;
    private final double[] sorted;
    private final int warmupRounds;

    Samples(String name, List<Sample> samples) {
        this(name, samples, 0);
    }

    /** The timed calls of {@code name}, taken after {@code warmupRounds} untimed rounds. */
    Samples(String name, List<Sample> samples, int warmupRounds) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples for " + name);
        }
        this.name = name;
        this.samples = List.copyOf(samples);
        this.sorted = samples.stream().mapToDouble(Sample::ms).sorted().toArray();
        this.warmupRounds = warmupRounds;
    }

    /** The calls of {@code a} and {@code b} as one set (the first's warm-up rounds). */
    static Samples merge(String name, Samples a, Samples b) {
        List<Sample> all = new ArrayList<>(a.samples);
        all.addAll(b.samples);
        return new Samples(name, all, a.warmupRounds);
    }

    /** Untimed rounds before the timed calls. */
    int warmupRounds() {
        return warmupRounds;
    }

    String name() {
        return name;
    }

    List<Sample> samples() {
        return samples;
    }

    double median() {
        return quantile(0.5);
    }

    double min() {
        return sorted[0];
    }

    double max() {
        return sorted[sorted.length - 1];
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Linear-interpolated quantile of the wall times. */
    double quantile(double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Interquartile range relative to the median, in percent. */
    double spreadPct() {
        return 100 * (quantile(0.75) - quantile(0.25)) / median();
    }

    /** Median of the CPU time the process got per wall second (cores busy), NaN when unknown. */
    double medianCores() {
        double[] c = samples.stream().filter(s -> s.cpuMs() >= 0 && s.ms() > 0).mapToDouble(s -> s.cpuMs() / s.ms())
                .sorted().toArray();
        return c.length == 0 ? Double.NaN : c[c.length / 2];
    }

    /** The calls slower than {@value #STALL_FACTOR} x the median, slowest first. */
    List<Sample> stalls() {
        double limit = STALL_FACTOR * median();
        List<Sample> s = new ArrayList<>(samples.stream().filter(x -> x.ms() > limit).toList());
        s.sort(Comparator.comparingDouble(Sample::ms).reversed());
        return s;
    }

    /**
     * The most likely cause of a stall: the GC or JIT time during it when that explains at least
     * half of the excess over the median; else "load" when its threads waited for a core for half the
     * excess more than in a typical call, or the process got much less CPU than in a typical call
     * (other processes took the cores); else "page faults" when it faulted in far more
     * fresh memory than a typical call; else "unexplained".
     */
    String cause(Sample s) {
        double excess = s.ms() - median();
        if (s.gcMs() >= 0.5 * excess) {
            return "gc";
        }
        if (s.jitMs() >= 0.5 * excess) {
            return "jit";
        }
        double[] waits = samples.stream().mapToDouble(Sample::waitMs).sorted().toArray();
        if (s.waitMs() - waits[waits.length / 2] >= 0.5 * excess) {
            return "load";
        }
        double cores = medianCores();
        if (s.cpuMs() >= 0 && !Double.isNaN(cores) && s.cpuMs() / s.ms() < 0.7 * cores) {
            return "load";
        }
        long[] faults = samples.stream().mapToLong(Sample::minorFaults).sorted().toArray();
        long typical = faults[faults.length / 2];
        if (s.minorFaults() > 2 * typical + 10000) {
            return "page faults";
        }
        return "unexplained";
    }

    /** Stall counts per cause, e.g. {@code {gc=1, load=2}}. */
    Map<String, Integer> stallCauses() {
        Map<String, Integer> m = new TreeMap<>();
        for (Sample s : stalls()) {
            m.merge(cause(s), 1, Integer::sum);
        }
        return m;
    }

    /** e.g. {@code "412.3 ms (min 400.1, max 530.2, spread 7%, n=7 after 12 warm-up rounds, stalls {load=1})"}. */
    String describe() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%.1f ms (min %.1f, max %.1f, spread %.0f%%, n=%d"
                + " after %d warm-up rounds", median(), min(), max(), spreadPct(), samples.size(), warmupRounds));
        Map<String, Integer> causes = stallCauses();
        if (!causes.isEmpty()) {
            b.append(", stalls ").append(causes);
        }
        return b.append(')').toString();
    }

    /**
     * Adds {@code prefix} (median), {@code prefix_spread_pct}, {@code prefix_stalls} and
     * {@code prefix_warmup_rounds} to {@code json}.
     */
    void putInto(Map<String, Object> json, String prefix) {
        json.put(prefix, round(median()));
        json.put(prefix + "_spread_pct", round(spreadPct()));
        json.put(prefix + "_stalls", stalls().size());
        json.put(prefix + "_warmup_rounds", warmupRounds);
    }

    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
    }
}
