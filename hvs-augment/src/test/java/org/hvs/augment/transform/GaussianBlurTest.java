package org.hvs.augment.transform;

import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GaussianBlurTest {

    @Test
    void preservesAConstantImage() {
        Image src = TestImages.constant(3, 7, 9, 0.37f);
        View v = new GaussianBlur(0.5, 3.0, 1).apply(View.of(src), new Random(1));
        assertTrue(v.params().blurSigma() >= 0.5 && v.params().blurSigma() <= 3.0);
        for (float x : v.image().data()) {
            assertEquals(0.37f, x, 1e-5f);
        }
    }

    @Test
    void spreadsAnImpulseSymmetricallyKeepingItsMass() {
        float[] d = new float[15 * 15];
        d[7 * 15 + 7] = 1f;
        Image out = GaussianBlur.blur(Image.of(d, 1, 15, 15), 1.0);
        double sum = 0;
        for (float x : out.data()) {
            sum += x;
        }
        assertEquals(1.0, sum, 1e-5);
        assertTrue(out.get(0, 7, 7) < 0.5f);
        assertEquals(out.get(0, 7, 6), out.get(0, 7, 8), 1e-7f);
        assertEquals(out.get(0, 6, 7), out.get(0, 7, 6), 1e-7f);
        assertTrue(out.get(0, 7, 7) > out.get(0, 7, 8));
    }

    @Test
    void probabilityZeroRecordsNoBlur() {
        View v = new GaussianBlur(0.1, 2, 0).apply(View.of(TestImages.random(1, 4, 4, 2)), new Random(3));
        assertEquals(0, v.params().blurSigma());
    }

    @Test
    void validates() {
        assertEquals("blur sigma min must be > 0 and finite, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(0, 1, 1)).getMessage());
        assertEquals("blur sigma max must be finite and >= sigma min 1.0, got 0.5",
                assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(1, 0.5, 1)).getMessage());
        assertEquals("blur p must be in [0, 1], got 2.0",
                assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(0.1, 2, 2)).getMessage());
    }
}
