package org.hvs.core.train;

import org.bytedeco.javacpp.Pointer;

import java.util.function.LongSupplier;

/**
 * Keeps the resident memory of a training process bounded, and its native memory recycled. ND4J frees
 * an array's native buffer only when the Java garbage collector has collected the array object, and the
 * objects are small: a training step allocates hundreds of MB of native memory but little heap, so
 * collections are rare and resident memory grows by GBs between them (measured: +220 MB per SmallCnn
 * step at batch 128, a bench process OOM-killed at 12.8 GB). ND4J's own periodic GC is off by default in
 * 1.0.0-M2.1, and JavaCPP's {@code maxphysicalbytes} does not see ND4J's allocations.
 *
 * <p>{@link #check()} after each step asks for a collection ({@code System.gc()}, ~10-50 ms with the
 * small live heap of a training run) in two cases:
 * <ul>
 *   <li><b>cap</b>: resident memory has grown by more than the headroom since the last collection
 *       (system property {@code hvs.gcHeadroomMb}, default {@value #DEFAULT_HEADROOM_MB}; 0 or less turns
 *       the guard off);</li>
 *   <li><b>recycle</b>: it has grown by more than {@code hvs.gcRecycleMb} (default
 *       {@value #DEFAULT_RECYCLE_MB}; 0 = never) and collecting now keeps the time spent in the guard's
 *       collections under {@code hvs.gcMaxShare} of the wall time (default {@value #DEFAULT_MAX_SHARE}).
 *       Memory that a step takes fresh from the operating system is paid for in page faults, which are
 *       slow in virtual machines: a SmallCnn training step of batch 128 took 570-690 ms on fresh memory
 *       (50,000 minor faults) and 140-250 ms on recycled memory (2-core VM, 2026-12-04); a collection
 *       after each step (~10 ms) frees the step's buffers for the next one to reuse. Tiny networks
 *       grow memory slowly and so are collected rarely.</li>
 *   <li><b>periodic recycle</b>: once one interval between two checks has grown resident memory by half
 *       of {@code hvs.gcRecycleMb} or more (the steps allocate large buffers), the guard collects whenever
 *       its time share allows, grown or not. Waiting for growth cannot work there: while freed buffers are
 *       being reused resident memory stays flat, so growth shows only after the pool of freed buffers has
 *       run dry and a step has already faulted in hundreds of MB (a SmallCnn step every 3-5 took 500-800 ms
 *       that way, the others ~80 ms; 2026-12-07). Collecting on the time share instead keeps the pool
 *       filled: mean SmallCnn step of batch 128 over 40 steps 248 -> 149 ms with glibc's allocator, and
 *       93 ms with tcmalloc, which keeps freed memory instead of handing it back to the kernel (see the
 *       README's Speed section).</li>
 * </ul>
 *
 * <pre>{@code
 * NativeMemoryGuard.shared().check();   // HvsTrainer.step does this
 * }</pre>
 */
public final class NativeMemoryGuard {
    /** Default growth allowed between collections, in MB. */
    public static final long DEFAULT_HEADROOM_MB = 1024;
    /** Default growth above which a collection is asked for when its time share allows, in MB. */
    public static final long DEFAULT_RECYCLE_MB = 64;
    /** Default bound on the share of wall time spent in recycling collections. */
    public static final double DEFAULT_MAX_SHARE = 0.1;

    private static final long MB = 1024 * 1024;
    private static final NativeMemoryGuard SHARED = new NativeMemoryGuard(
            Long.getLong("hvs.gcHeadroomMb", DEFAULT_HEADROOM_MB) * MB,
            Long.getLong("hvs.gcRecycleMb", DEFAULT_RECYCLE_MB) * MB,
            Double.parseDouble(System.getProperty("hvs.gcMaxShare", String.valueOf(DEFAULT_MAX_SHARE))),
            Pointer::physicalBytes, System::nanoTime, System::gc);

    private final long headroomBytes;
    private final long recycleBytes;
    private final double maxShare;
    private final LongSupplier residentBytes;
    private final LongSupplier clock;
    private final Runnable collector;

    private long baseline = -1;     // lowest resident memory seen since the last collection
    private long previous = -1;     // resident memory at the previous check
    private boolean periodic;       // a step has grown memory by recycleBytes / 2 or more
    private long lastCollectionEnd;
    private long lastCollectionNanos;
    private long collections;

    /** A guard that collects only once resident memory has grown by {@code headroomBytes}; <= 0 disables it. */
    public NativeMemoryGuard(long headroomBytes) {
        this(headroomBytes, 0, DEFAULT_MAX_SHARE);
    }

    /**
     * A guard with both rules (see the class comment); {@code recycleBytes <= 0} turns recycling off.
     *
     * @throws IllegalArgumentException if {@code maxShare} is not in (0, 1]
     */
    public NativeMemoryGuard(long headroomBytes, long recycleBytes, double maxShare) {
        this(headroomBytes, recycleBytes, maxShare, Pointer::physicalBytes, System::nanoTime, System::gc);
    }

    NativeMemoryGuard(long headroomBytes, long recycleBytes, double maxShare, LongSupplier residentBytes,
                      LongSupplier clock, Runnable collector) {
        if (!(maxShare > 0 && maxShare <= 1)) {
            throw new IllegalArgumentException("hvs.gcMaxShare must be in (0, 1], got " + maxShare);
        }
        this.headroomBytes = headroomBytes;
        this.recycleBytes = recycleBytes;
        this.maxShare = maxShare;
        this.residentBytes = residentBytes;
        this.clock = clock;
        this.collector = collector;
    }

    /** The process-wide guard (resident memory is per process). */
    public static NativeMemoryGuard shared() {
        return SHARED;
    }

    /** Collects garbage if one of the two rules asks for it; returns whether it did. */
    public synchronized boolean check() {
        if (headroomBytes <= 0) {
            return false;
        }
        long rss = residentBytes.getAsLong();
        long now = clock.getAsLong();
        if (baseline < 0) {
            baseline = rss;
            previous = rss;
            lastCollectionEnd = now;
            return false;
        }
        if (recycleBytes > 0 && rss - previous >= recycleBytes / 2) {
            periodic = true;
        }
        previous = rss;
        // buffers are freed asynchronously after a collection: the baseline follows resident memory down
        baseline = Math.min(baseline, rss);
        long growth = rss - baseline;
        boolean cap = growth > headroomBytes;
        boolean recycle = recycleBytes > 0 && (growth > recycleBytes || periodic)
                && (now - lastCollectionEnd) * maxShare >= lastCollectionNanos;
        if (!cap && !recycle) {
            return false;
        }
        collector.run();
        long end = clock.getAsLong();
        lastCollectionNanos = end - now;
        lastCollectionEnd = end;
        collections++;
        baseline = residentBytes.getAsLong();
        previous = baseline;
        return true;
    }

    /** How many collections this guard has asked for. */
    public synchronized long collections() {
        return collections;
    }

    /** Whether the guard collects on its time share alone (a step has grown memory by half the recycle size). */
    public synchronized boolean periodic() {
        return periodic;
    }

    /** The growth allowed between collections, in bytes (<= 0: off). */
    public long headroomBytes() {
        return headroomBytes;
    }

    /** The growth above which a recycling collection is considered, in bytes (<= 0: never). */
    public long recycleBytes() {
        return recycleBytes;
    }
}
