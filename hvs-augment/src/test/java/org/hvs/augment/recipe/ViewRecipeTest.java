package org.hvs.augment.recipe;

import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.hvs.augment.ViewParams;
import org.hvs.augment.transform.ColorJitter;
import org.hvs.augment.transform.Compose;
import org.hvs.augment.transform.GaussianBlur;
import org.hvs.augment.transform.Interpolation;
import org.hvs.augment.transform.RandomGrayscale;
import org.hvs.augment.transform.RandomResizedCrop;
import org.hvs.augment.transform.Solarize;
import org.hvs.augment.transform.ViewTransform;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewRecipeTest {

    static Image image(int size, long seed) {
        Random r = new Random(seed);
        float[] d = new float[3 * size * size];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        return Image.of(d, 3, size, size);
    }

    private static <T> T step(ViewRecipe r, Class<T> type) {
        for (ViewTransform t : ((Compose) r.transform()).steps()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    @Test
    void factoriesMakeViewsOfTheirSizeAndName() {
        List<IntFunction<ViewRecipe>> factories = List.of(ViewRecipe::simclr, ViewRecipe::simsiam,
                ViewRecipe::dinoGlobal1, ViewRecipe::dinoGlobal2, ViewRecipe::dinoLocal, ViewRecipe::ibotGlobal1,
                ViewRecipe::ibotGlobal2, ViewRecipe::ibotLocal);
        Image src = image(40, 1);
        Random rng = new Random(2);
        for (IntFunction<ViewRecipe> f : factories) {
            ViewRecipe r = f.apply(24);
            View v = r.make(src, rng);
            assertEquals(24, v.image().width(), r.name());
            assertEquals(24, v.image().height(), r.name());
            assertEquals(r.name(), v.params().recipe());
            assertTrue(v.params().box().inside(40, 40));
        }
    }

    @Test
    void referenceSettings() {
        RandomResizedCrop dinoCrop = step(ViewRecipe.dinoGlobal1(224), RandomResizedCrop.class);
        assertEquals(0.4, dinoCrop.scaleMin());
        assertEquals(Interpolation.BICUBIC, dinoCrop.interpolation());
        assertEquals(0.14, step(ViewRecipe.ibotGlobal2(224), RandomResizedCrop.class).scaleMin());
        assertEquals(0.05, step(ViewRecipe.dinoLocal(96), RandomResizedCrop.class).scaleMin());
        assertEquals(0.4, step(ViewRecipe.dinoLocal(96), RandomResizedCrop.class).scaleMax());
        assertEquals(0.08, step(ViewRecipe.simclr(224), RandomResizedCrop.class).scaleMin());
        assertEquals(0.2, step(ViewRecipe.simsiam(224), RandomResizedCrop.class).scaleMin());
        assertEquals(1.0, step(ViewRecipe.dinoGlobal1(224), GaussianBlur.class).p());
        assertEquals(0.1, step(ViewRecipe.dinoGlobal2(224), GaussianBlur.class).p());
        assertEquals(0.2, step(ViewRecipe.dinoGlobal2(224), Solarize.class).p());
        assertEquals(null, step(ViewRecipe.dinoGlobal1(224), Solarize.class));
        assertEquals(0.5, step(ViewRecipe.dinoLocal(96), GaussianBlur.class).p());
        assertEquals(2.0, step(ViewRecipe.dinoGlobal1(224), GaussianBlur.class).sigmaMax(), 1e-12);
        assertEquals(2.0, step(ViewRecipe.dinoLocal(96), GaussianBlur.class).sigmaMax(), 1e-12);
        assertEquals(2.0 * 32 / 224, step(ViewRecipe.simsiam(32), GaussianBlur.class).sigmaMax(), 1e-12);
        assertEquals(0.3, step(ViewRecipe.simsiam(32, 0.3, 0.9), RandomResizedCrop.class).scaleMin());
    }

    @Test
    void blurredGlobalViewRecordsScaledSigma() {
        View v = ViewRecipe.dinoGlobal1(32).make(image(48, 3), new Random(4));
        ViewParams p = v.params();
        assertTrue(p.blurSigma() >= 0.1 * 32 / 224 && p.blurSigma() <= 2.0 * 32 / 224, "sigma " + p.blurSigma());
    }

    @Test
    void builderLeavesOutZeroProbabilitySteps() {
        ViewRecipe r = ViewRecipe.builder("plain", 8).scale(0.5, 1).build();
        assertEquals(1, ((Compose) r.transform()).steps().size());
        View v = r.make(image(16, 5), new Random(1));
        assertFalse(v.params().flipped());
        assertEquals(1, v.params().brightness());
    }

    @Test
    void toBuilderRebuildsTheSameRecipeAndChangesOnlyWhatItIsTold() {
        Image src = image(40, 6);
        for (ViewRecipe r : List.of(ViewRecipe.dinoGlobal2(32), ViewRecipe.simclrCifar(32, 0.3), ViewRecipe.ibotLocal(16))) {
            ViewRecipe same = r.toBuilder().build();
            assertEquals(r.name(), same.name());
            assertEquals(r.transform().toString(), same.transform().toString());
            float[] a = r.make(src, new Random(9)).image().data();
            float[] b = same.make(src, new Random(9)).image().data();
            org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, r.name());
        }
        ViewRecipe grey = ViewRecipe.dinoGlobal1(32).toBuilder().grayscale(1.0).hue(0.3).build();
        assertEquals(1.0, step(grey, RandomGrayscale.class).p());
        ColorJitter cj = step(grey, ColorJitter.class);
        assertEquals(0.3, cj.hue());
        assertEquals(0.4, cj.brightness());
        assertEquals(0.2, cj.saturation());
        assertEquals(0.1, step(ViewRecipe.dinoGlobal1(32), ColorJitter.class).hue(), "the original is unchanged");
        assertEquals(0.4, step(grey, RandomResizedCrop.class).scaleMin());
        Image v = grey.make(src, new Random(2)).image();
        int plane = 32 * 32;
        for (int i = 0; i < plane; i += 37) {
            assertEquals(v.data()[i], v.data()[plane + i], 1e-6f, "grey views have equal channels");
            assertEquals(v.data()[i], v.data()[2 * plane + i], 1e-6f, "grey views have equal channels");
        }
        assertEquals("recipe 'custom' was made by ViewRecipe.of from a custom transform and has no builder settings",
                assertThrows(IllegalStateException.class,
                        () -> ViewRecipe.of("custom", 8, ViewTransform.identity()).toBuilder()).getMessage());
    }

    @Test
    void validates() {
        assertEquals("scale min must be in (0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> ViewRecipe.simsiam(32, 1.5, 1.0)).getMessage());
        assertEquals("size must be > 0, got 0", assertThrows(IllegalArgumentException.class,
                () -> ViewRecipe.dinoLocal(0)).getMessage());
        assertEquals("recipe name must not be blank, got ' '", assertThrows(IllegalArgumentException.class,
                () -> ViewRecipe.of(" ", 8, ViewTransform.identity())).getMessage());
        assertEquals("blur p must be in [0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> ViewRecipe.builder("x", 8).blur(1.5).build()).getMessage());
        ViewRecipe wrong = ViewRecipe.of("wrong", 8, ViewTransform.identity());
        assertEquals("recipe 'wrong' must make 8x8 views, made 16x16", assertThrows(IllegalStateException.class,
                () -> wrong.make(image(16, 1), new Random(1))).getMessage());
    }
}
