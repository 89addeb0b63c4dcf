package org.hvs.augment.transform;

import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SolarizeTest {

    @Test
    void invertsAtOrAboveThresholdAndKeepsBelow() {
        float[] d = {0f, 0.2f, 0.49f, 0.5f, 0.51f, 0.8f, 1f, 0.25f, 0.75f};
        Image src = Image.of(d, 1, 3, 3);
        View v = new Solarize(0.5, 1).apply(View.of(src), new Random(0));
        assertTrue(v.params().solarized());
        for (int i = 0; i < d.length; i++) {
            float expected = d[i] >= 0.5f ? 1f - d[i] : d[i];
            assertEquals(expected, v.image().data()[i], 0f, "value " + d[i]);
        }
        assertEquals(0.5f, v.image().data()[3], 0f);
        assertEquals(0f, v.image().data()[6], 0f);
        assertEquals(0.49f, v.image().data()[2], 0f);
    }

    @Test
    void validates() {
        assertEquals("solarize threshold must be in [0, 1], got 2.0",
                assertThrows(IllegalArgumentException.class, () -> new Solarize(2, 0.5)).getMessage());
        assertEquals("solarize p must be in [0, 1], got 3.0",
                assertThrows(IllegalArgumentException.class, () -> new Solarize(0.5, 3)).getMessage());
    }
}
