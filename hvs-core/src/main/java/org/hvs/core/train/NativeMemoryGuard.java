package org.hvs.core.train;

import org.bytedeco.javacpp.Pointer;

/**
 * Keeps the resident memory of a training process bounded. ND4J frees an array's native buffer only
 * when the Java garbage collector has collected the array object, and the objects are small: a
 * training step allocates hundreds of MB of native memory but little heap, so collections are rare
 * and resident memory grows by GBs between them (measured: +220 MB per SmallCnn step at batch 128,
 * a bench process OOM-killed at 12.8 GB). ND4J's own periodic GC is off by default in 1.0.0-M2.1, and
 * JavaCPP's {@code maxphysicalbytes} does not see ND4J's allocations.
 *
 * <p>{@link #check()} after each step asks for a collection ({@code System.gc()}, ~10-50 ms with the
 * small live heap of a training run) once resident memory has grown by more than the headroom since
 * the last collection it asked for. Headroom: system property {@code hvs.gcHeadroomMb} (default
 * {@value #DEFAULT_HEADROOM_MB}); 0 or less turns the guard off.
 *
 * <pre>{@code
 * NativeMemoryGuard.shared().check();   // HvsTrainer.step does this
 * }</pre>
 */
public final class NativeMemoryGuard {
    /** Default growth allowed between collections, in MB. */
    public static final long DEFAULT_HEADROOM_MB = 1024;

    private static final NativeMemoryGuard SHARED =
            new NativeMemoryGuard(Long.getLong("hvs.gcHeadroomMb", DEFAULT_HEADROOM_MB) * 1024 * 1024);

    private final long headroomBytes;
    private long limit = -1;
    private long collections;

    /** A guard that collects once resident memory has grown by {@code headroomBytes}; <= 0 disables it. */
    public NativeMemoryGuard(long headroomBytes) {
        this.headroomBytes = headroomBytes;
    }

    /** The process-wide guard (resident memory is per process). */
    public static NativeMemoryGuard shared() {
        return SHARED;
    }

    /** Collects garbage if resident memory has outgrown the headroom; returns whether it did. */
    public synchronized boolean check() {
        if (headroomBytes <= 0) {
            return false;
        }
        long rss = Pointer.physicalBytes();
        if (limit < 0) {
            limit = rss + headroomBytes;
            return false;
        }
        if (rss <= limit) {
            return false;
        }
        System.gc();
        collections++;
        // buffers are freed asynchronously after the collection; memory that stays resident is reused
        limit = Pointer.physicalBytes() + headroomBytes;
        return true;
    }

    /** How many collections this guard has asked for. */
    public synchronized long collections() {
        return collections;
    }

    /** The growth allowed between collections, in bytes (<= 0: off). */
    public long headroomBytes() {
        return headroomBytes;
    }
}
