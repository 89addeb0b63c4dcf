package org.hvs.augment;

import org.hvs.augment.data.ImageDataset;
import org.hvs.augment.recipe.MultiViewRecipe;
import org.hvs.augment.recipe.ViewRecipe;
import org.hvs.augment.transform.Normalization;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiViewGeneratorTest {

    private static final MultiViewRecipe DINO = MultiViewRecipe.multiCrop(ViewRecipe.dinoGlobal1(12),
            ViewRecipe.dinoGlobal2(12), 4, ViewRecipe.dinoLocal(6), 2);

    private static List<Image> images(int n) {
        List<Image> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(ImageConversionsTest.random(3, 16, 20, 100 + i));
        }
        return out;
    }

    private static MultiViewBatch run(long seed, int threads, List<Image> imgs, int[] idx, int epoch) {
        try (MultiViewGenerator g = MultiViewGenerator.builder().recipe(DINO).seed(seed).threads(threads)
                .normalization(Normalization.IMAGENET).build()) {
            return g.generate(imgs, idx, epoch);
        }
    }

    private static void assertSameViews(MultiViewBatch a, MultiViewBatch b) {
        for (int v = 0; v < a.numViews(); v++) {
            assertEquals(a.view(v), b.view(v), "global view " + v);
        }
        for (int l = 0; l < a.numLocalViews(); l++) {
            assertEquals(a.localView(l), b.localView(l), "local view " + l);
        }
        for (int v = 0; v < a.numViews(); v++) {
            for (int s = 0; s < a.batchSize(); s++) {
                assertEquals(a.params(v, s), b.params(v, s));
            }
        }
    }

    @Test
    void sameSeedIsBitIdenticalWithOneAndTwoThreadsAndDifferentSeedDiffers() {
        List<Image> imgs = images(5);
        int[] idx = {0, 1, 2, 3, 4};
        MultiViewBatch one = run(42, 1, imgs, idx, 3);
        MultiViewBatch two = run(42, 2, imgs, idx, 3);
        assertSameViews(one, two);
        MultiViewBatch other = run(43, 2, imgs, idx, 3);
        assertNotEquals(one.view(0), other.view(0));
        MultiViewBatch nextEpoch = run(42, 2, imgs, idx, 4);
        assertNotEquals(one.view(0), nextEpoch.view(0));
    }

    @Test
    void viewsDependOnlyOnSeedEpochAndImageIndex() {
        List<Image> imgs = images(3);
        MultiViewBatch full = run(7, 2, imgs, new int[] {10, 11, 12}, 0);
        MultiViewBatch single = run(7, 1, List.of(imgs.get(2)), new int[] {12}, 0);
        for (int v = 0; v < full.numViews(); v++) {
            assertEquals(full.view(v).slice(2), single.view(v).slice(0));
            assertEquals(full.params(v, 2), single.params(v, 0));
        }
    }

    @Test
    void fillsShapesRecipeIndicesAndParams() {
        MultiViewBatch b = run(1, 2, images(3), new int[] {5, 6, 7}, 0);
        assertEquals(4, b.numViews());
        assertEquals(2, b.numLocalViews());
        assertArrayEquals(new long[] {3, 3, 12, 12}, b.view(0).shape());
        assertArrayEquals(new long[] {3, 3, 6, 6}, b.localView(1).shape());
        assertArrayEquals(new int[] {5, 6, 7}, b.imageIndices());
        for (int v = 0; v < 4; v++) {
            assertEquals(v % 2, b.globalRecipeIndex(v));
            for (int s = 0; s < 3; s++) {
                assertEquals(v % 2 == 0 ? "dino-global-1" : "dino-global-2", b.params(v, s).recipe());
                assertTrue(b.params(v, s).box().inside(20, 16));
            }
        }
        assertEquals("dino-local", b.localParams(0, 0).recipe());
        // normalised: ImageNet mean/std maps [0, 1] to about [-2.1, 2.7]
        INDArray g = b.view(0);
        assertTrue(g.minNumber().doubleValue() < 0 && g.maxNumber().doubleValue() <= 2.65);
    }

    @Test
    void matchesViewsOfSourceAfterNormalisation() {
        List<Image> imgs = images(2);
        try (MultiViewGenerator g = MultiViewGenerator.builder().recipe(DINO).seed(9).threads(1).build()) {
            MultiViewBatch b = g.generate(imgs, new int[] {0, 1}, 2);
            List<View> views = g.views(imgs.get(1), 1, 2);
            assertEquals(6, views.size());
            assertEquals(views.get(3).image(), ImageConversions.fromBatch(b.view(3), 1));
            assertEquals(views.get(5).image(), ImageConversions.fromBatch(b.localView(1), 1));
        }
    }

    @Test
    void readsFromADataset() {
        List<Image> imgs = images(4);
        ImageDataset data = new ImageDataset() {
            public String name() {
                return "test";
            }

            public int size() {
                return imgs.size();
            }

            public Image image(int index) {
                return imgs.get(index);
            }

            public int label(int index) {
                return 0;
            }

            public int numClasses() {
                return 1;
            }

            public List<String> classNames() {
                return List.of("a");
            }
        };
        MultiViewBatch fromList = run(3, 2, List.of(imgs.get(3), imgs.get(1)), new int[] {3, 1}, 0);
        try (MultiViewGenerator g = MultiViewGenerator.builder().recipe(DINO).seed(3).threads(2)
                .normalization(Normalization.IMAGENET).build()) {
            assertSameViews(fromList, g.generate(data, new int[] {3, 1}, 0));
            assertEquals("indices[1] must be in [0, 4), got 4", assertThrows(IllegalArgumentException.class,
                    () -> g.generate(data, new int[] {0, 4}, 0)).getMessage());
        }
    }

    @Test
    void validates() {
        assertEquals("threads must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> MultiViewGenerator.builder().recipe(DINO).threads(0).build()).getMessage());
        assertEquals("recipe", assertThrows(NullPointerException.class,
                () -> MultiViewGenerator.builder().build()).getMessage());
        MultiViewGenerator g = MultiViewGenerator.builder().recipe(DINO).threads(2).build();
        assertEquals("images and imageIndices differ in length: 2 and 1", assertThrows(IllegalArgumentException.class,
                () -> g.generate(images(2), new int[] {0}, 0)).getMessage());
        assertEquals("batch must hold at least one image, got 0", assertThrows(IllegalArgumentException.class,
                () -> g.generate(List.of(), new int[0], 0)).getMessage());
        List<Image> mixed = List.of(ImageConversionsTest.random(3, 16, 16, 1), ImageConversionsTest.random(1, 16, 16, 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> g.generate(mixed, new int[] {0, 1}, 0))
                .getMessage().startsWith("image 1 of the batch has 1 channels, image 0 has 3"));
        g.close();
        assertEquals("generator is closed", assertThrows(IllegalStateException.class,
                () -> g.generate(images(1), new int[] {0}, 0)).getMessage());
    }

    @Test
    void imageSeedsDifferAcrossInputs() {
        long a = MultiViewGenerator.imageSeed(1, 0, 0);
        assertNotEquals(a, MultiViewGenerator.imageSeed(2, 0, 0));
        assertNotEquals(a, MultiViewGenerator.imageSeed(1, 1, 0));
        assertNotEquals(a, MultiViewGenerator.imageSeed(1, 0, 1));
        assertNotEquals(MultiViewGenerator.imageSeed(1, 1, 0), MultiViewGenerator.imageSeed(1, 0, 1));
        assertEquals(a, MultiViewGenerator.imageSeed(1, 0, 0));
    }
}
