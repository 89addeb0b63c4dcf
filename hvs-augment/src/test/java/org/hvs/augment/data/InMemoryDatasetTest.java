package org.hvs.augment.data;

import org.hvs.augment.Image;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InMemoryDatasetTest {

    private static Image grey(float v) {
        return Image.of(new float[] {v, v, v, v}, 1, 2, 2);
    }

    private static InMemoryDataset three() {
        return InMemoryDataset.of("toy", List.of(grey(0f), grey(0.5f), grey(1f)), new int[] {0, 1, 1},
                List.of("a", "b"));
    }

    @Test
    void exposesImagesLabelsAndClasses() {
        InMemoryDataset ds = three();
        assertEquals("toy", ds.name());
        assertEquals(3, ds.size());
        assertEquals(2, ds.numClasses());
        assertEquals(List.of("a", "b"), ds.classNames());
        assertEquals(grey(0.5f), ds.image(1));
        assertEquals(1, ds.label(2));
        assertArrayEquals(new int[] {1, 2}, ds.classCounts());
        assertEquals(1, ds.channels());
        assertEquals(2, ds.height());
        assertEquals(2, ds.width());
    }

    @Test
    void labelsAreCopied() {
        int[] labels = {0, 1, 1};
        InMemoryDataset ds = InMemoryDataset.of("toy", List.of(grey(0f), grey(0.5f), grey(1f)), labels, List.of("a", "b"));
        labels[0] = 1;
        assertEquals(0, ds.label(0));
    }

    @Test
    void subsetAndLimit() {
        InMemoryDataset ds = three();
        InMemoryDataset sub = ds.subset(new int[] {2, 0, 2});
        assertEquals(3, sub.size());
        assertEquals(grey(1f), sub.image(0));
        assertEquals(0, sub.label(1));
        assertEquals("toy", sub.name());
        assertEquals("renamed", ds.subset("renamed", new int[] {1}).name());

        InMemoryDataset first2 = ds.limit(2);
        assertEquals(2, first2.size());
        assertEquals(grey(0.5f), first2.image(1));
        assertSame(ds, ds.limit(3));
        assertSame(ds, ds.limit(10));
    }

    @Test
    void subsetKeepsTheReport() {
        ReadReport report = new ReadReport(List.of("/x/bad.png: cannot decode"));
        InMemoryDataset ds = InMemoryDataset.of("r", List.of(grey(0f), grey(1f)), new int[] {0, 0}, List.of("a"), report);
        assertEquals(report, ds.limit(1).report());
    }

    @Test
    void rejectsEmptyDataSet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InMemoryDataset.of("x", List.of(), new int[0], List.of("a")));
        assertEquals("data set 'x' is empty", e.getMessage());
        IllegalArgumentException sub = assertThrows(IllegalArgumentException.class, () -> three().subset(new int[0]));
        assertEquals("data set 'toy' is empty", sub.getMessage());
    }

    @Test
    void rejectsLabelOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InMemoryDataset.of("x", List.of(grey(0f), grey(1f)), new int[] {0, 2}, List.of("a", "b")));
        assertEquals("label of image 1 in data set 'x' must be in [0, 2), got 2", e.getMessage());
    }

    @Test
    void rejectsLabelCountMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InMemoryDataset.of("x", List.of(grey(0f), grey(1f)), new int[] {0}, List.of("a")));
        assertEquals("data set 'x' has 2 images but 1 labels", e.getMessage());
    }

    @Test
    void rejectsMixedImageSizes() {
        Image big = Image.zeros(1, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InMemoryDataset.of("x", List.of(grey(0f), big), new int[] {0, 0}, List.of("a")));
        assertEquals("image 1 of data set 'x' is 1x3x3, expected 1x2x2 like image 0", e.getMessage());
    }

    @Test
    void rejectsBadSubsetIndexAndLimit() {
        IllegalArgumentException idx = assertThrows(IllegalArgumentException.class, () -> three().subset(new int[] {3}));
        assertEquals("subset index 3 of data set 'toy' must be in [0, 3)", idx.getMessage());
        IllegalArgumentException lim = assertThrows(IllegalArgumentException.class, () -> three().limit(0));
        assertEquals("limit must be >= 1, got 0", lim.getMessage());
    }

    @Test
    void rejectsBlankNameAndMissingClasses() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> InMemoryDataset.of(" ", List.of(grey(0f)), new int[] {0}, List.of("a")));
        assertEquals("data set name must not be blank, got ' '", name.getMessage());
        IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
                () -> InMemoryDataset.of("x", List.of(grey(0f)), new int[] {0}, List.of()));
        assertEquals("data set 'x' has no class names", classes.getMessage());
    }
}
