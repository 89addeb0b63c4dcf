package org.hvs.augment.transform;

import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomGrayscaleTest {

    @Test
    void channelsAreEqualAndBt601Luma() {
        Image src = TestImages.random(3, 5, 6, 1);
        View v = new RandomGrayscale(1).apply(View.of(src), new Random(0));
        assertEquals(3, v.image().channels());
        assertTrue(v.params().grayscale());
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 6; x++) {
                float g = v.image().get(0, y, x);
                assertEquals(g, v.image().get(1, y, x));
                assertEquals(g, v.image().get(2, y, x));
                float luma = 0.299f * src.get(0, y, x) + 0.587f * src.get(1, y, x) + 0.114f * src.get(2, y, x);
                assertEquals(luma, g, 1e-6f);
            }
        }
    }

    @Test
    void skippedWithProbabilityZero() {
        View in = View.of(TestImages.random(3, 2, 2, 2));
        View out = new RandomGrayscale(0).apply(in, new Random(1));
        assertSame(in, out);
        assertFalse(out.params().grayscale());
    }

    @Test
    void validatesProbability() {
        assertEquals("grayscale p must be in [0, 1], got -0.1",
                assertThrows(IllegalArgumentException.class, () -> new RandomGrayscale(-0.1)).getMessage());
    }
}
