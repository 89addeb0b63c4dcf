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

        /** A guard watching this process, its baseline already taken. */
        NativeMemoryGuard guard(long headroomMb, long recycleMb, double share) {
            NativeMemoryGuard guard = new NativeMemoryGuard(headroomMb * MB, recycleMb * MB, share,
                    () -> rss, () -> nanos, () -> {
                        collections++;
                        nanos += 10_000_000;
                        rss = 1000 * MB;
                    });
            assertFalse(guard.check(), "the first call only sets the baseline");
            return guard;
        }

        /** {@code n} steps, each checked by the guard; returns how many of the checks collected. */
        int steps(NativeMemoryGuard guard, int n, long ms, long mb) {
            int collected = 0;
            for (int i = 0; i < n; i++) {
                step(ms, mb);
                if (guard.check()) {
                    collected++;
                }
            }
            return collected;
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
        // 150 ms steps allocating 200 MB each: a 10 ms collection is 6% of one
        assertEquals(10, p.steps(guard, 10, 150, 200), "a collection after every step");
        assertEquals(10, p.collections);
    }

    @Test
    void keepsRecyclingUnderItsShareOfWallTime() {
        FakeProcess p = new FakeProcess();
        NativeMemoryGuard guard = p.guard(1024, 64, 0.1);
        p.steps(guard, 100, 20, 80);   // 20 ms steps: collecting after each would cost 50% of the time
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
        assertEquals(0, p.steps(guard, 60, 100, 1), "a tiny network: 1 MB a step");
        assertEquals(0, p.collections);
        p.step(100, 10);               // now 70 MB above the baseline
        assertTrue(guard.check());
        assertFalse(guard.periodic(), "no single step grew memory by 32 MB");
        assertEquals(0, p.steps(guard, 20, 100, 0), "memory flat again: nothing to recycle");
    }

    @Test
    void onceAStepAllocatesLargeItCollectsOnItsTimeShareWhileMemoryIsReused() {
        FakeProcess p = new FakeProcess();
        NativeMemoryGuard guard = p.guard(1024, 64, 0.1);
        p.step(100, 200);              // a large network's step: 200 MB fresh
        assertTrue(guard.check());
        assertTrue(guard.periodic());
        // from here the steps reuse the buffers the collections free: resident memory stays flat, and
        // only collecting before the freed pool runs dry keeps it so
        int collected = p.steps(guard, 30, 50, 0);
        long wallMs = p.nanos / 1_000_000;
        assertTrue(collected >= 12, "collected " + collected + " times in 30 steps of 50 ms");
        assertTrue(p.collections * 10 <= 0.1 * wallMs + 10, p.collections + " collections in " + wallMs + " ms");
    }

    @Test
    void theCapCollectsWhateverTheTimeShare() {
        FakeProcess p = new FakeProcess();
        NativeMemoryGuard guard = p.guard(256, 0, 0.1);   // recycling off
        p.step(1, 200);
        assertFalse(guard.check(), "under the cap, no recycling");
        p.step(1, 100);
        assertTrue(guard.check(), "300 MB over a 256 MB cap");
    }

    @Test
    void theBaselineFollowsMemoryFreedAfterACollection() {
        FakeProcess p = new FakeProcess();
        NativeMemoryGuard guard = p.guard(1024, 64, 0.1);
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
