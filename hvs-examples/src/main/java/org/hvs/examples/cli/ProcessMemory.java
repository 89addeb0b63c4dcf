package org.hvs.examples.cli;

import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resident memory of this process for the bench: current (VmRSS) and peak (VmHWM) from
 * {@code /proc/self/status} on Linux; elsewhere the current value comes from JavaCPP's
 * {@link Pointer#physicalBytes()} and the peak is the largest value this class has observed.
 * ND4J's native arrays live outside the Java heap, so resident memory, not heap, is what grows
 * when they are not freed.
 */
final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static long observedPeak;

    private ProcessMemory() {
    }

    /** Current resident set size in bytes. */
    static long rssBytes() {
        long v = procStatus("VmRSS:");
        if (v < 0) {
            v = Pointer.physicalBytes();
        }
        observedPeak = Math.max(observedPeak, v);
        return v;
    }

    /** Peak resident set size in bytes since the process started (or, without /proc, the largest seen so far). */
    static long peakRssBytes() {
        long v = procStatus("VmHWM:");
        return v >= 0 ? v : Math.max(observedPeak, rssBytes());
    }

    /** Where the figures come from, for the report. */
    static String source() {
        return procStatus("VmHWM:") >= 0 ? "/proc/self/status" : "javacpp physicalBytes (peak = largest observed)";
    }

    /** Used Java heap in bytes (after whatever garbage is still uncollected). */
    static long heapUsedBytes() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** A {@code kB} field of /proc/self/status in bytes, or -1 where there is none. */
    static long procStatus(String field) {
        if (!Files.isReadable(STATUS)) {
            return -1;
        }
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String line : lines) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).strip().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The native memory allocator this process runs on, read from the libraries mapped into it
     * ({@code /proc/self/maps}): {@code tcmalloc} or {@code jemalloc} when one was preloaded
     * ({@code LD_PRELOAD}), {@code glibc} otherwise, {@code unknown} without /proc. It matters for speed:
     * glibc hands large freed blocks back to the kernel, so the next step faults them in again.
     */
    static String allocator() {
        return allocator(Path.of("/proc/self/maps"));
    }

    static String allocator(Path maps) {
        if (!Files.isReadable(maps)) {
            return "unknown";
        }
        try (var lines = Files.lines(maps)) {
            List<String> libs = lines.filter(l -> l.contains("malloc")).toList();
            if (libs.stream().anyMatch(l -> l.contains("libtcmalloc"))) {
                return "tcmalloc";
            }
            if (libs.stream().anyMatch(l -> l.contains("libjemalloc"))) {
                return "jemalloc";
            }
            return "glibc";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
