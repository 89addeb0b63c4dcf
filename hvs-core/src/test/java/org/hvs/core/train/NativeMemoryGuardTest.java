package org.hvs.core.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeMemoryGuardTest {

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
        NativeMemoryGuard off = new NativeMemoryGuard(0);
        Nd4j.ones(DataType.FLOAT, 4, 1024, 1024).sumNumber();
        assertFalse(off.check());
        assertFalse(off.check());
        assertEquals(0, off.collections());
    }
}
