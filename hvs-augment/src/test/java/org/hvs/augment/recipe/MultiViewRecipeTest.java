package org.hvs.augment.recipe;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiViewRecipeTest {

    @Test
    void dinoAlternatesGlobalRecipes() {
        ViewRecipe g1 = ViewRecipe.dinoGlobal1(32);
        ViewRecipe g2 = ViewRecipe.dinoGlobal2(32);
        ViewRecipe local = ViewRecipe.dinoLocal(16);
        MultiViewRecipe r = MultiViewRecipe.multiCrop(g1, g2, 5, local, 6);
        assertEquals(5, r.numViews());
        assertEquals(6, r.numLocal());
        assertSame(g1, r.global(0));
        assertSame(g2, r.global(1));
        assertSame(g1, r.global(4));
        assertEquals(1, r.globalRecipeIndex(3));
        assertEquals(32, r.globalSize());
        assertEquals(16, r.localSize());
        assertSame(local, r.local().orElseThrow());
    }

    @Test
    void singleRecipePlan() {
        MultiViewRecipe r = MultiViewRecipe.of(ViewRecipe.simsiam(32), 4);
        assertEquals(0, r.globalRecipeIndex(3));
        assertEquals(0, r.numLocal());
        assertTrue(r.local().isEmpty());
        assertEquals(0, r.localSize());
    }

    @Test
    void validates() {
        assertEquals("views must be >= 2, got 1", assertThrows(IllegalArgumentException.class,
                () -> MultiViewRecipe.of(ViewRecipe.simsiam(32), 1)).getMessage());
        assertEquals("local views must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> MultiViewRecipe.multiCrop(ViewRecipe.dinoGlobal1(32), ViewRecipe.dinoGlobal2(32), 2,
                        ViewRecipe.dinoLocal(16), -1)).getMessage());
        assertEquals("a local recipe is required for 2 local views", assertThrows(IllegalArgumentException.class,
                () -> MultiViewRecipe.of(List.of(ViewRecipe.simsiam(32)), 2, null, 2)).getMessage());
        assertEquals("global recipes must share one output size, got 32 (dino-global-1) and 24 (dino-global-2)",
                assertThrows(IllegalArgumentException.class, () -> MultiViewRecipe.multiCrop(ViewRecipe.dinoGlobal1(32),
                        ViewRecipe.dinoGlobal2(24), 2, null, 0)).getMessage());
        assertEquals("view must be in [0, 2), got 2", assertThrows(IllegalArgumentException.class,
                () -> MultiViewRecipe.of(ViewRecipe.simsiam(32), 2).global(2)).getMessage());
    }
}
