package org.hvs.core.eval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FeaturesTest {

    @Test
    void accessors() {
        Features f = new Features(Nd4j.create(new float[][]{{1, 0, 2}, {0, 1, 3}}), new int[]{1, 0}, 2);
        assertEquals(2, f.size());
        assertEquals(3, f.dim());
        assertEquals(1, f.label(0));
    }

    @Test
    void validation() {
        assertMessage("features have 2 rows but there are 3 labels",
                () -> new Features(Nd4j.zeros(2, 3), new int[]{0, 0, 0}, 1));
        assertMessage("label 1 must be in [0, 2), got 2",
                () -> new Features(Nd4j.zeros(2, 3), new int[]{0, 2}, 2));
        assertMessage("features must be [n, D], got [2]", () -> new Features(Nd4j.zeros(2), new int[]{0, 0}, 1));
        assertMessage("numClasses must be >= 1, got 0", () -> new Features(Nd4j.zeros(1, 3), new int[]{0}, 0));
        assertMessage("features of an empty data set: n must be >= 1, got 0",
                () -> new Features(Nd4j.zeros(0, 3), new int[0], 1));
        assertMessage("features contain NaN or infinite values (sum = NaN)",
                () -> new Features(Nd4j.create(new float[][]{{1, Float.NaN}}), new int[]{0}, 1));
    }

    private static void assertMessage(String message, org.junit.jupiter.api.function.Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }
}
