package org.hvs.examples.cli;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        return interleaved(warmup, repeats, List.of(name), List.of(work)).get(0);
    }

    /**
     * Round-robin over {@code works}: {@code warmup} untimed rounds, then {@code repeats} timed
     * rounds, each calling every piece of work once in order.
     */
    static List<Samples> interleaved(int warmup, int repeats, List<String> names, List<Runnable> works) {
        return interleaved(warmup, repeats, names, works, List.of());
    }

    /**
     * As {@link #interleaved(int, int, List, List)}, running {@code settle.get(k)} untimed after each call of
     * work {@code k} (where the list has an entry): the sgemm reference lets OpenBLAS's workers go idle
     * there, so that their spinning is not timed in the next piece of work.
     */
    static List<Samples> interleaved(int warmup, int repeats, List<String> names, List<Runnable> works,
                                     List<Runnable> settle) {
        if (names.size() != works.size()) {
            throw new IllegalArgumentException("names and works differ in size: " + names.size() + " vs " + works.size());
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        }
        for (int i = 0; i < warmup; i++) {
            for (int k = 0; k < works.size(); k++) {
                works.get(k).run();
                settleAfter(settle, k);
            }
        }
        List<List<Samples.Sample>> recorded = new ArrayList<>();
        works.forEach(w -> recorded.add(new ArrayList<>()));
        for (int i = 0; i < repeats; i++) {
            for (int k = 0; k < works.size(); k++) {
                recorded.get(k).add(time(works.get(k)));
                settleAfter(settle, k);
            }
        }
        List<Samples> out = new ArrayList<>();
        for (int k = 0; k < works.size(); k++) {
            out.add(new Samples(names.get(k), recorded.get(k)));
        }
        return out;
    }

    private static void settleAfter(List<Runnable> settle, int k) {
        if (k < settle.size() && settle.get(k) != null) {
            settle.get(k).run();
        }
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
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            long jitMs = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
            return new Counters(gc, jitMs, processCpuNs(), readMinorFaults(), runQueueWaitNs());
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
