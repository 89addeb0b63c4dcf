package org.hvs.augment.bench;

import org.hvs.augment.Image;
import org.hvs.augment.recipe.MultiViewRecipe;
import org.hvs.augment.recipe.ViewRecipe;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewThroughputTest {

    @Test
    void measuresAPositiveFiniteRate() {
        double vps = ViewThroughput.viewsPerSecond(MultiViewRecipe.of(ViewRecipe.simsiam(16), 2), 16, 4, 1, 1, 3);
        assertTrue(vps > 0 && Double.isFinite(vps), "rate " + vps);
    }

    @Test
    void syntheticImagesAreDeterministicAndInRange() {
        List<Image> a = ViewThroughput.syntheticImages(2, 8, 3);
        assertEquals(a, ViewThroughput.syntheticImages(2, 8, 3));
        assertNotEquals(a.get(0), a.get(1));
        for (float x : a.get(0).data()) {
            assertTrue(x >= 0 && x <= 1);
        }
    }

    @Test
    void validates() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ViewThroughput.viewsPerSecond(
                MultiViewRecipe.of(ViewRecipe.simsiam(16), 2), 16, 0, 1, 1, 3)).getMessage().contains("batch 0"));
    }
}
