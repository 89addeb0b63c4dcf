package org.hvs.augment.transform;

import org.hvs.augment.CropBox;
import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomResizedCropTest {

    @ParameterizedTest
    @CsvSource({"32,32,0.08,1.0", "64,16,0.08,1.0", "16,64,0.2,1.0", "40,10,0.05,0.4", "7,5,0.5,1.0", "224,224,0.4,1.0"})
    void boxesStayInsideTheImage(int width, int height, double smin, double smax) {
        RandomResizedCrop crop = RandomResizedCrop.builder(8).scale(smin, smax).build();
        Random rng = new Random(11);
        double area = (double) width * height;
        for (int t = 0; t < 2000; t++) {
            CropBox b = crop.sampleBox(width, height, rng);
            assertTrue(b.inside(width, height), () -> "box outside " + width + "x" + height + ": " + b);
            assertEquals(Math.rint(b.x()), b.x());
            assertEquals(Math.rint(b.width()), b.width());
            assertTrue(b.area() <= area);
        }
    }

    @Test
    void viewHasOutputSizeAndRecordsTheBox() {
        Image src = TestImages.random(3, 20, 30, 1);
        View v = RandomResizedCrop.of(12, 0.2, 1.0).apply(View.of(src), new Random(3));
        assertEquals(12, v.image().height());
        assertEquals(12, v.image().width());
        assertTrue(v.params().box().inside(30, 20));
        assertTrue(v.params().box().area() < 30 * 20 + 1e-9);
    }

    @Test
    void fullBoxAtSameSizeIsIdentityForBothFilters() {
        Image src = TestImages.random(3, 9, 9, 2);
        for (Interpolation f : Interpolation.values()) {
            RandomResizedCrop crop = RandomResizedCrop.builder(9).scale(1, 1).ratio(1, 1).interpolation(f).build();
            View v = crop.apply(View.of(src), new Random(0));
            assertEquals(CropBox.full(9, 9), v.params().box());
            assertArrayEquals(src.data(), v.image().data(), 1e-6f, f.name());
        }
    }

    @Test
    void constantImageStaysConstantWhenDownscaledBicubic() {
        Image src = TestImages.constant(1, 50, 40, 0.3f);
        View v = RandomResizedCrop.builder(16).interpolation(Interpolation.BICUBIC).build()
                .apply(View.of(src), new Random(5));
        for (float x : v.image().data()) {
            assertEquals(0.3f, x, 1e-5f);
        }
    }

    @Test
    void fallsBackToCentreCropWhenNothingFits() {
        // 100x10 with area >= 90% and ratio <= 4/3: no sampled box fits; centre crop clamped to ratio 4/3.
        RandomResizedCrop crop = RandomResizedCrop.builder(4).scale(0.9, 1.0).build();
        CropBox b = crop.sampleBox(100, 10, new Random(1));
        assertEquals(new CropBox(43, 0, 13, 10), b);
    }

    @Test
    void mustBeFirstGeometricStep() {
        Image src = TestImages.random(3, 16, 16, 3);
        View flipped = new HorizontalFlip(1).apply(View.of(src), new Random(1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RandomResizedCrop.of(8, 0.5, 1).apply(flipped, new Random(1)));
        assertTrue(e.getMessage().contains("first geometric step"), e.getMessage());
        View cropped = RandomResizedCrop.of(8, 0.5, 1).apply(View.of(src), new Random(1));
        assertThrows(IllegalStateException.class, () -> RandomResizedCrop.of(4, 0.5, 1).apply(cropped, new Random(1)));
    }

    @Test
    void rejectsSmallSourceUnlessUpscaleAllowed() {
        Image src = TestImages.random(1, 28, 28, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomResizedCrop.of(32, 0.2, 1).apply(View.of(src), new Random(1)));
        assertTrue(e.getMessage().contains("28x28") && e.getMessage().contains("32x32"), e.getMessage());
        View v = RandomResizedCrop.builder(32).scale(0.2, 1).allowUpscale(true).build().apply(View.of(src), new Random(1));
        assertEquals(32, v.image().width());
    }

    @Test
    void validatesSettings() {
        assertEquals("scale min must be in (0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> RandomResizedCrop.of(8, 1.5, 1)).getMessage());
        assertEquals("scale min must be in (0, 1], got 0.0", assertThrows(IllegalArgumentException.class,
                () -> RandomResizedCrop.of(8, 0, 1)).getMessage());
        assertEquals("scale max must be in [scale min 0.5, 1], got 0.4", assertThrows(IllegalArgumentException.class,
                () -> RandomResizedCrop.of(8, 0.5, 0.4)).getMessage());
        assertEquals("size must be > 0, got 0", assertThrows(IllegalArgumentException.class,
                () -> RandomResizedCrop.of(0, 0.5, 1)).getMessage());
        assertEquals("ratio min must be > 0 and finite, got -1.0", assertThrows(IllegalArgumentException.class,
                () -> RandomResizedCrop.builder(8).ratio(-1, 1).build()).getMessage());
        assertEquals("ratio max must be finite and >= ratio min 2.0, got 1.0", assertThrows(
                IllegalArgumentException.class, () -> RandomResizedCrop.builder(8).ratio(2, 1).build()).getMessage());
    }
}
