package org.hvs.augment.transform;

import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HorizontalFlipTest {

    @Test
    void mirrorsColumns() {
        Image src = TestImages.random(3, 4, 5, 1);
        View v = new HorizontalFlip(1).apply(View.of(src), new Random(0));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    assertEquals(src.get(c, y, 4 - x), v.image().get(c, y, x));
                }
            }
        }
        assertTrue(v.params().flipped());
        assertEquals(View.of(src).params().box(), v.params().box());
        assertNotEquals(src, v.image());
    }

    @Test
    void flipTwiceIsIdentity() {
        Image src = TestImages.random(3, 6, 7, 2);
        HorizontalFlip f = new HorizontalFlip(1);
        View once = f.apply(View.of(src), new Random(0));
        View twice = f.apply(once, new Random(0));
        assertEquals(src, twice.image());
        assertFalse(twice.params().flipped());
    }

    @Test
    void probabilityZeroNeverFlips() {
        View in = View.of(TestImages.random(1, 3, 3, 3));
        Random rng = new Random(4);
        for (int i = 0; i < 50; i++) {
            assertSame(in, new HorizontalFlip(0).apply(in, rng));
        }
    }

    @Test
    void validatesProbability() {
        assertEquals("flip p must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(1.5)).getMessage());
    }
}
