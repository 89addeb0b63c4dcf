package org.hvs.augment.transform;

import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ComposeTest {

    @Test
    void appliesInOrderAndFlattens() {
        Image src = Image.of(new float[] {0.2f, 0.8f}, 1, 1, 2);
        // solarize then flip: [0.1, 0.6] -> [0.1, 0.4] -> [0.4, 0.1]
        Image s2 = Image.of(new float[] {0.1f, 0.6f}, 1, 1, 2);
        ViewTransform t = new Solarize(0.5, 1).andThen(new HorizontalFlip(1));
        View v = t.apply(View.of(s2), new Random(0));
        assertEquals(0.4f, v.image().get(0, 0, 0), 1e-6f);
        assertEquals(0.1f, v.image().get(0, 0, 1), 1e-6f);
        Compose nested = Compose.of(Compose.of(new HorizontalFlip(1), new HorizontalFlip(1)), new Solarize(0.5, 1));
        assertEquals(3, nested.steps().size());
        assertArrayEquals(new float[] {0.2f, 0.2f}, nested.apply(View.of(src), new Random(0)).image().data(), 1e-6f);
    }

    @Test
    void rejectsNullSteps() {
        assertEquals("steps[1]", assertThrows(NullPointerException.class,
                () -> Compose.of(new HorizontalFlip(1), null)).getMessage());
    }
}
