package org.hvs.augment.transform;

import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.hvs.augment.ViewParams;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColorJitterTest {

    @Test
    void unitFactorsAndZeroHueAreIdentity() {
        Image src = TestImages.random(3, 6, 6, 1);
        View v = new ColorJitter(0, 0, 0, 0, 1).apply(View.of(src), new Random(2));
        assertEquals(src, v.image());
        ViewParams p = v.params();
        assertEquals(1, p.brightness());
        assertEquals(1, p.contrast());
        assertEquals(1, p.saturation());
        assertEquals(0, p.hue());
        assertArrayEquals(src.data(), ColorOps.hue(ColorOps.saturation(ColorOps.contrast(
                ColorOps.brightness(src, 1), 1), 1), 0).data(), 0f);
    }

    @Test
    void recordsFactorsInTheirRanges() {
        Image src = TestImages.random(3, 4, 4, 3);
        ColorJitter cj = new ColorJitter(0.4, 0.4, 0.2, 0.1, 1);
        Random rng = new Random(4);
        boolean changed = false;
        for (int i = 0; i < 100; i++) {
            View v = cj.apply(View.of(src), rng);
            ViewParams p = v.params();
            assertTrue(p.brightness() >= 0.6 && p.brightness() <= 1.4, "brightness " + p.brightness());
            assertTrue(p.contrast() >= 0.6 && p.contrast() <= 1.4, "contrast " + p.contrast());
            assertTrue(p.saturation() >= 0.8 && p.saturation() <= 1.2, "saturation " + p.saturation());
            assertTrue(Math.abs(p.hue()) <= 0.1, "hue " + p.hue());
            for (float x : v.image().data()) {
                assertTrue(x >= 0 && x <= 1);
            }
            changed |= !v.image().equals(src);
        }
        assertTrue(changed);
    }

    @Test
    void brightnessScalesAndClamps() {
        Image src = Image.of(new float[] {0.2f, 0.6f}, 1, 1, 2);
        Image out = ColorOps.brightness(src, 2.0);
        assertArrayEquals(new float[] {0.4f, 1f}, out.data(), 1e-6f);
    }

    @Test
    void contrastBlendsWithMeanLuma() {
        Image src = Image.of(new float[] {0.2f, 0.6f}, 1, 1, 2);
        Image out = ColorOps.contrast(src, 0.5); // mean 0.4 -> 0.5x + 0.2
        assertArrayEquals(new float[] {0.3f, 0.5f}, out.data(), 1e-6f);
    }

    @Test
    void zeroSaturationGivesGray() {
        Image src = TestImages.random(3, 3, 3, 5);
        Image out = ColorOps.saturation(src, 0);
        assertEquals(RandomGrayscale.gray3(src), Image.of(out.data(), 3, 3, 3));
    }

    @Test
    void hueShiftIsInvertibleAndMovesRedTowardsGreen() {
        Image src = TestImages.random(3, 5, 5, 6);
        Image back = ColorOps.hue(ColorOps.hue(src, 0.2), -0.2);
        assertArrayEquals(src.data(), back.data(), 1e-5f);
        Image red = Image.of(new float[] {1f, 0f, 0f}, 3, 1, 1);
        Image green = ColorOps.hue(red, 1.0 / 3.0);
        assertArrayEquals(new float[] {0f, 1f, 0f}, green.data(), 1e-5f);
        assertNotEquals(src, ColorOps.hue(src, 0.2));
    }

    @Test
    void validates() {
        assertEquals("brightness must be >= 0 and finite, got -0.1",
                assertThrows(IllegalArgumentException.class, () -> new ColorJitter(-0.1, 0, 0, 0, 1)).getMessage());
        assertEquals("contrast must be >= 0 and finite, got NaN", assertThrows(IllegalArgumentException.class,
                () -> new ColorJitter(0, Double.NaN, 0, 0, 1)).getMessage());
        assertEquals("saturation must be >= 0 and finite, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new ColorJitter(0, 0, -1, 0, 1)).getMessage());
        assertEquals("hue must be in [0, 0.5], got 0.6",
                assertThrows(IllegalArgumentException.class, () -> new ColorJitter(0, 0, 0, 0.6, 1)).getMessage());
        assertEquals("color jitter p must be in [0, 1], got 1.2",
                assertThrows(IllegalArgumentException.class, () -> new ColorJitter(0, 0, 0, 0, 1.2)).getMessage());
    }
}
