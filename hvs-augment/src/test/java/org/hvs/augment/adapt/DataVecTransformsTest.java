package org.hvs.augment.adapt;

import org.datavec.image.transform.FlipImageTransform;
import org.datavec.image.transform.ResizeImageTransform;
import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.hvs.augment.transform.HorizontalFlip;
import org.hvs.augment.transform.ViewTransform;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataVecTransformsTest {

    @Test
    void frameRoundTripIsExactFor8BitValues() {
        for (int c : new int[] {1, 3}) {
            Image img = ImageOperatorTest.image(c, 5, 7, c);
            assertEquals(img, DataVecTransforms.fromFrame(DataVecTransforms.toFrame(img), c));
        }
    }

    @Test
    void dataVecHorizontalFlipMatchesOurs() {
        for (int c : new int[] {1, 3}) {
            Image img = ImageOperatorTest.image(c, 6, 9, 10 + c);
            View ours = new HorizontalFlip(1).apply(View.of(img), new Random(0));
            View theirs = DataVecTransforms.wrapFixed(new FlipImageTransform(1)).apply(View.of(img), new Random(0));
            assertEquals(ours.image(), theirs.image());
            assertEquals(View.of(img).params(), theirs.params());
        }
    }

    @Test
    void randomModeUsesTheViewsRandomSource() {
        Image img = ImageOperatorTest.image(3, 6, 9, 3);
        ViewTransform random = DataVecTransforms.wrap(new FlipImageTransform());
        Image mirrored = HorizontalFlip.flip(img);
        boolean sawIdentity = false;
        boolean sawMirror = false;
        for (int i = 1; i <= 40; i++) {
            long seed = i * 0x9E3779B97F4A7C15L; // spread: nearby java.util.Random seeds start alike
            Image a = random.apply(View.of(img), new Random(seed)).image();
            assertEquals(a, random.apply(View.of(img), new Random(seed)).image(), "seed " + seed);
            sawIdentity |= a.equals(img);
            sawMirror |= a.equals(mirrored);
        }
        assertTrue(sawIdentity && sawMirror);
    }

    @Test
    void rejectsASizeChange() {
        ViewTransform resize = DataVecTransforms.wrap(new ResizeImageTransform(4, 3));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> resize.apply(View.of(ImageOperatorTest.image(3, 6, 8, 1)), new Random(0)));
        assertTrue(e.getMessage().startsWith("DataVec transform must keep the image size 6x8, got "), e.getMessage());
    }
}
