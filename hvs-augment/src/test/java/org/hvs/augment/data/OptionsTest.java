package org.hvs.augment.data;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation and defaults of {@link ReadOptions}, {@link DataOptions} and {@link ReadReport}. */
class OptionsTest {

    private static void rejects(Supplier<?> build, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertEquals(message, e.getMessage());
    }

    @Test
    void readOptionsDefaultsAndValidation() {
        assertFalse(ReadOptions.DEFAULT.skipUnreadable());
        assertEquals(Runtime.getRuntime().availableProcessors(), ReadOptions.DEFAULT.effectiveThreads());
        ReadOptions o = ReadOptions.builder().skipUnreadable(true).threads(3).build();
        assertTrue(o.skipUnreadable());
        assertEquals(3, o.effectiveThreads());
        rejects(() -> ReadOptions.builder().threads(-1).build(), "threads must be >= 0 (0 = all processors), got -1");
    }

    @Test
    void dataOptionsDefaults() {
        DataOptions o = DataOptions.defaults();
        assertEquals(32, o.imageSize());
        assertEquals(0, o.limit());
        assertEquals(0.2, o.testFraction());
        assertFalse(o.readOptions().skipUnreadable());
        assertTrue(DataOptions.builder().skipUnreadable(true).build().readOptions().skipUnreadable());
    }

    @Test
    void dataOptionsValidation() {
        rejects(() -> DataOptions.builder().imageSize(4).build(), "image size must be >= 8, got 4");
        rejects(() -> DataOptions.builder().limit(-5).build(), "limit must be >= 0 (0 = no limit), got -5");
        rejects(() -> DataOptions.builder().threads(-2).build(), "threads must be >= 0 (0 = all processors), got -2");
        rejects(() -> DataOptions.builder().shapesTrain(0).build(), "shapes train count must be >= 1, got 0");
        rejects(() -> DataOptions.builder().shapesTest(-1).build(), "shapes test count must be >= 1, got -1");
        rejects(() -> DataOptions.builder().testFraction(1.5).build(), "test fraction must be in (0, 1), got 1.5");
        rejects(() -> DataOptions.builder().testFraction(Double.NaN).build(), "test fraction must be in (0, 1), got NaN");
    }

    @Test
    void readReportCountsAndConcatenates() {
        ReadReport a = new ReadReport(List.of("/x/1.jpg: bad"));
        ReadReport b = new ReadReport(List.of("/x/2.jpg: bad", "/x/3.jpg: bad"));
        assertTrue(ReadReport.CLEAN.isClean());
        assertEquals(3, a.plus(b).skippedCount());
        assertEquals("/x/2.jpg: bad", a.plus(b).skipped().get(1));
        assertSame(a, a.plus(ReadReport.CLEAN));
        assertSame(b, ReadReport.CLEAN.plus(b));
    }
}
