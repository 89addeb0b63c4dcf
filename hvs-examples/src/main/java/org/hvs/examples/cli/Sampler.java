package org.hvs.examples.cli;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Times pieces of work for the bench: untimed warm-up calls, then timed calls, each recorded with
 * what else happened meanwhile (garbage-collection pause time, JIT compilation time, the CPU time
 * this process got, minor page faults), so a slow call can be attributed rather than guessed at.
 * {@link #interleaved} alternates several pieces of work call by call, so that a change in the
 * machine's load affects all of them alike and their ratios stay meaningful on a shared machine.
 */
final class Sampler {
    private static final Path PROC_STAT = Path.of("/proc/self/stat");

    private Sampler() {
    }

    /** {@code warmup} untimed calls of {@code work}, then {@code repeats} timed ones. */
    static Samples run(String name, int warmup, int repeats, Runnable work) {
        return run(name, Warmup.fixed(warmup), repeats, work);
    }

    /** Untimed calls of {@code work} as {@code warmup} says, then {@code repeats} timed ones. */
    static Samples run(String name, Warmup warmup, int repeats, Runnable work) {
        return interleaved(warmup, repeats, List.of(name), List.of(work)).get(0);
    }

    /**
     * Round-robin over {@code works}: {@code warmup} untimed rounds, then {@code repeats} timed
     * rounds, each calling every piece of work once in order.
     */
    static List<Samples> interleaved(int warmup, int repeats, List<String> names, List<Runnable> works) {
        return interleaved(Warmup.fixed(warmup), repeats, names, works);
    }

    /**
     * Round-robin over {@code works}: untimed rounds as {@code warmup} says, then {@code repeats} timed
     * rounds, each calling every piece of work once in order.
     */
    static List<Samples> interleaved(Warmup warmup, int repeats, List<String> names, List<Runnable> works) {
        if (names.size() != works.size()) {
            throw new IllegalArgumentException("names and works differ in size: " + names.size() + " vs " + works.size());
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        }
        int warmupRounds = warmup.run(() -> works.forEach(Runnable::run));
        List<List<Samples.Sample>> recorded = new ArrayList<>();
        works.forEach(w -> recorded.add(new ArrayList<>()));
        for (int i = 0; i < repeats; i++) {
            for (int k = 0; k < works.size(); k++) {
                recorded.get(k).add(time(works.get(k)));
            }
        }
        List<Samples> out = new ArrayList<>();
        for (int k = 0; k < works.size(); k++) {
            out.add(new Samples(names.get(k), recorded.get(k), warmupRounds));
        }
        return out;
    }

    /**
     * How long the untimed warm-up goes on: at least {@code minRounds} rounds; then, while the JIT
     * compiled for more than {@code quietShare} of the wall time of any of the last {@code quietRounds}
     * rounds, more rounds, until {@code maxMs} of warm-up in all. The JVM goes on compiling the
     * training step's Java code for tens of steps (on 2 cores a SmallCnn step with a compilation in it
     * takes up to 3x one without), so a fixed handful of rounds times the JIT rather than the step a
     * long training run sees.
     *
     * @param jitMs cumulative JIT compilation ms (the JVM's, or a fake in a test)
     */
    record Warmup(int minRounds, double quietShare, int quietRounds, long maxMs, LongSupplier jitMs) {
        /** Share of a round's wall time the JIT may compile in and the round still count as quiet. */
        static final double QUIET_SHARE = 0.02;
        /** Quiet rounds in a row that end the warm-up. */
        static final int QUIET_ROUNDS = 3;
        Warmup {
            if (minRounds < 0 || quietRounds < 0 || maxMs < 0 || !(quietShare >= 0)) {
                throw new IllegalArgumentException("warm-up needs non-negative rounds, share and time, got " + minRounds
                        + ", " + quietShare + ", " + quietRounds + ", " + maxMs);
            }
        }

        /** Exactly {@code rounds} rounds. */
        static Warmup fixed(int rounds) {
            return new Warmup(rounds, 0, 0, 0, () -> 0);
        }

        /**
         * At least {@code minRounds} rounds, then until the JVM's JIT is quiet for {@value #QUIET_ROUNDS}
         * rounds in a row, at most {@code maxMs} of warm-up; none at all when {@code minRounds} is 0.
         */
        static Warmup untilJitQuiet(int minRounds, long maxMs) {
            return minRounds == 0 ? fixed(0) : new Warmup(minRounds, QUIET_SHARE, QUIET_ROUNDS, maxMs, Sampler::compilationMs);
        }

        /** This warm-up judging quiet rounds by {@code clock} (cumulative JIT ms) instead of this JVM's. */
        Warmup withJitClock(LongSupplier clock) {
            return new Warmup(minRounds, quietShare, quietRounds, maxMs, clock);
        }

        /** This warm-up with at most {@code rounds} minimum rounds. */
        Warmup withMinRoundsAtMost(int rounds) {
            return new Warmup(Math.min(minRounds, rounds), quietShare, quietRounds, maxMs, jitMs);
        }

        /** Runs warm-up rounds of {@code round} as this says; returns how many it ran. */
        int run(Runnable round) {
            long start = System.nanoTime();
            int rounds = 0;
            int quiet = 0;
            while (rounds < minRounds || (quiet < quietRounds && (System.nanoTime() - start) / 1_000_000 < maxMs)) {
                long jit0 = jitMs.getAsLong();
                long t0 = System.nanoTime();
                round.run();
                double wallMs = (System.nanoTime() - t0) / 1e6;
                long jit = jitMs.getAsLong() - jit0;
                quiet = jit <= quietShare * wallMs ? quiet + 1 : 0;
                rounds++;
            }
            return rounds;
        }
    }

    /** Cumulative JIT compilation ms of this JVM, 0 where it does not say. */
    static long compilationMs() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** One timed call with its circumstances. */
    static Samples.Sample time(Runnable work) {
        Counters before = Counters.now();
        long t0 = System.nanoTime();
        work.run();
        long t1 = System.nanoTime();
        Counters after = Counters.now();
        return new Samples.Sample((t1 - t0) / 1e6, after.gcMs - before.gcMs, after.jitMs - before.jitMs,
                (after.cpuNs - before.cpuNs) / 1e6, after.minorFaults - before.minorFaults,
                (after.runQueueNs - before.runQueueNs) / 1e6);
    }

    /** Cumulative counters of the JVM and the process. */
    private record Counters(long gcMs, long jitMs, long cpuNs, long minorFaults, long runQueueNs) {
        static Counters now() {
            long gc = 0;
            for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
                gc += Math.max(0, b.getCollectionTime());
            }
            return new Counters(gc, compilationMs(), processCpuNs(), readMinorFaults(), runQueueWaitNs());
        }
    }

    /** CPU time of the whole process (all threads), or -1 where the JVM does not say. */
    static long processCpuNs() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * Time this process's threads spent runnable but waiting for a core (field 2 of
     * /proc/self/task/T/schedstat, summed over threads), or 0 where there is no /proc: the direct
     * measure of load from other processes. Spinning OpenMP threads hide load from the CPU time.
     */
    static long runQueueWaitNs() {
        long sum = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String[] f = Files.readString(t.resolve("schedstat")).strip().split(" ");
                    sum += Long.parseLong(f[1]);
                } catch (Exception e) {
                    // the thread ended meanwhile
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return sum;
    }

    /** Minor page faults of the process (field 10 of /proc/self/stat), or 0 where there is no /proc. */
    static long readMinorFaults() {
        try {
            String s = Files.readString(PROC_STAT);
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[7]);
        } catch (Exception e) {
            return 0;
        }
    }
}
