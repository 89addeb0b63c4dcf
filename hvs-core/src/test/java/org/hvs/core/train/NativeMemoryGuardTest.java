package org.hvs.core.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeMemoryGuardTest {

    private static final long MB = 1024 * 1024;

    @Test
    void collectsOnceResidentMemoryOutgrowsTheHeadroom() {
        NativeMemoryGuard guard = new NativeMemoryGuard(1);
        assertFalse(guard.check(), "the first call only sets the baseline");
        INDArray big = Nd4j.ones(DataType.FLOAT, 16, 1024, 1024);   // 64 MB, touched
        assertEquals(16 * 1024 * 1024, big.sumNumber().longValue());
        assertTrue(guard.check());
        assertEquals(1, guard.collections());
    }

    @Test
    void zeroHeadroomTurnsItOff() {
        NativeMemoryGuard off = new NativeMemoryGuard(0, 64 * MB, 0.1);
        Nd4j.ones(DataType.FLOAT, 4, 1024, 1024).sumNumber();
        assertFalse(off.check());
        assertFalse(off.check());
        assertEquals(0, off.collections());
    }

    /** A fake process: resident memory and clock set by the test; a collection takes 10 ms and frees all growth. */
    private static final class FakeProcess {
        long rss = 1000 * MB;
        long nanos = 0;
        int collections;

        NativeMemoryGuard guard(long headroomMb, long recycleMb, double share) {
            return new NativeMemoryGuard(headroomMb * MB, recycleMb * MB, share, () -> rss, () -> nanos, () -> {
                collections++;
                nanos += 10_000_000;
                rss = 1000 * MB;
            });
        }

        /** A step: {@code ms} of work that allocates {@code mb} fresh. */
        void step(long ms, long mb) {
            nanos += ms * 1_000_000;
            rss += mb * MB;
        }
    }

    @Test
    void recyclesAfterEveryLongStepThatGrowsMemory() {
        FakeProcess p = new FakeProcess();
        NativeMemoryGuard guard = p.guard(1024, 64, 0.1);
        guard.check();
        for (int i = 0; i < 10; i++) {
            p.step(150, 200);          // a 150 ms step allocating 200 MB: a 10 ms collection is 6% of it
            assertTrue(guard.check(), "step " + i);
        }
        assertEquals(10, p.collections);
    }

    @Test
    void keepsRecyclingUnderItsShareOfWallTime() {
        FakeProcess p = new FakeProcess();
        NativeMemoryGuard guard = p.guard(1024, 64, 0.1);
        guard.check();
        for (int i = 0; i < 100; i++) {
            p.step(20, 80);            // 20 ms steps: collecting after each would cost 50% of the time
            guard.check();
        }
        // at most one 10 ms collection per 100 ms of wall time; and resident memory stayed under the cap
        long wallMs = p.nanos / 1_000_000;
        assertTrue(p.collections * 10 <= 0.1 * wallMs + 10, p.collections + " collections in " + wallMs + " ms");
        assertTrue(p.collections >= 15, "still recycled: " + p.collections);
        assertTrue(p.rss - 1000 * MB <= 1024 * MB + 80 * MB);
    }

    @Test
    void slowGrowthIsLeftAloneBelowTheRecycleThreshold() {
        FakeProcess p = new FakeProcess();
        NativeMemoryGuard guard = p.guard(1024, 64, 0.1);
        guard.check();
        for (int i = 0; i < 60; i++) {
            p.step(100, 1);            // a tiny network: 1 MB a step
            guard.check();
        }
        assertEquals(0, p.collections);
        p.step(100, 10);               // now 70 MB above the baseline
        assertTrue(guard.check());
    }

    @Test
    void theCapCollectsWhateverTheTimeShare() {
        FakeProcess p = new FakeProcess();
        NativeMemoryGuard guard = p.guard(256, 0, 0.1);   // recycling off
        guard.check();
        p.step(1, 200);
        assertFalse(guard.check(), "under the cap, no recycling");
        p.step(1, 100);
        assertTrue(guard.check(), "300 MB over a 256 MB cap");
    }

    @Test
    void theBaselineFollowsMemoryFreedAfterACollection() {
        FakeProcess p = new FakeProcess();
        NativeMemoryGuard guard = p.guard(1024, 64, 0.1);
        guard.check();
        p.rss -= 300 * MB;             // buffers freed late, after the last collection
        guard.check();
        p.step(1000, 70);              // 70 MB above the new low
        assertTrue(guard.check());
    }

    @Test
    void rejectsAShareOutsideZeroToOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NativeMemoryGuard(MB, MB, 0));
        assertTrue(e.getMessage().contains("hvs.gcMaxShare") && e.getMessage().contains("0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NativeMemoryGuard(MB, MB, 1.5));
    }
}
