package org.hvs.augment.data;

import org.hvs.augment.Image;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSplitsTest {

    /** n images of 1x1 whose single value encodes the index, labels from {@code labels}. */
    private static InMemoryDataset indexed(int[] labels, int classes) {
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            images.add(Image.of(new float[] {i / 1000f}, 1, 1, 1));
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        return InMemoryDataset.of("all", images, labels, names);
    }

    private static int[] labels(int... perClass) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < perClass.length; c++) {
            for (int k = 0; k < perClass[c]; k++) {
                out.add(c);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void stratifiedSplitKeepsClassProportionsAndIsDisjoint() {
        InMemoryDataset all = indexed(labels(10, 20, 1, 3), 4);
        DataSplits s = DataSplits.stratified(all, 0.2, 7);

        assertArrayEquals(new int[] {2, 4, 0, 1}, s.test().classCounts());
        assertArrayEquals(new int[] {8, 16, 1, 2}, s.train().classCounts());
        Set<Image> seen = new HashSet<>();
        for (InMemoryDataset part : List.of(s.train(), s.test())) {
            for (int i = 0; i < part.size(); i++) {
                assertTrue(seen.add(part.image(i)), "image in both splits or twice");
            }
        }
        assertEquals(all.size(), seen.size());
        assertEquals("all/train", s.train().name());
        assertEquals("all/test", s.test().name());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        InMemoryDataset all = indexed(labels(30, 30), 2);
        DataSplits a = DataSplits.stratified(all, 0.3, 1);
        DataSplits b = DataSplits.stratified(all, 0.3, 1);
        DataSplits c = DataSplits.stratified(all, 0.3, 2);
        List<Image> testA = new ArrayList<>();
        List<Image> testB = new ArrayList<>();
        List<Image> testC = new ArrayList<>();
        for (int i = 0; i < a.test().size(); i++) {
            testA.add(a.test().image(i));
            testB.add(b.test().image(i));
            testC.add(c.test().image(i));
        }
        assertEquals(testA, testB);
        assertNotEquals(testA, testC);
    }

    @Test
    void trainIsShuffledSoAPrefixMixesClasses() {
        DataSplits s = DataSplits.stratified(indexed(labels(50, 50), 2), 0.2, 3);
        int[] counts = s.train().limit(20).classCounts();
        assertTrue(counts[0] > 0 && counts[1] > 0, "first 20 train images per class: " + counts[0] + "/" + counts[1]);
    }

    @Test
    void rejectsBadFractionAndUnsplittableData() {
        InMemoryDataset all = indexed(labels(5), 1);
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> DataSplits.stratified(all, 1.0, 0));
        assertEquals("test fraction must be in (0, 1), got 1.0", f.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> DataSplits.stratified(indexed(labels(1, 1), 2), 0.2, 0));
        assertEquals("cannot split data set 'all' (2 images): no class has the 2 images a test split needs",
                one.getMessage());
    }

    @Test
    void rejectsSplitsWithDifferentClasses() {
        InMemoryDataset two = indexed(labels(1, 1), 2);
        InMemoryDataset three = indexed(labels(1, 1, 1), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DataSplits(two, three));
        assertEquals("train and test classes differ: [c0, c1] vs [c0, c1, c2]", e.getMessage());
    }
}
