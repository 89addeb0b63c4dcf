package org.hvs.augment.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A training split and a test split of one data set, with the same classes.
 *
 * <pre>{@code
 * DataSplits s = DataSplits.stratified(ImageFolder.read(dir, 64), 0.2, 42);
 * log.info("{} train / {} test", s.train().size(), s.test().size());
 * }</pre>
 *
 * @param train the images to train (and fit kNN / linear probes) on
 * @param test  the held-out images to evaluate on
 */
public record DataSplits(InMemoryDataset train, InMemoryDataset test) {

    public DataSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (!train.classNames().equals(test.classNames())) {
            throw new IllegalArgumentException("train and test classes differ: " + train.classNames() + " vs "
                    + test.classNames());
        }
    }

    /** What the readers of both splits skipped, train first. */
    public ReadReport report() {
        return train.report().plus(test.report());
    }

    /**
     * Splits {@code all} at random, class by class: each class with {@code n >= 2} images gives
     * {@code round(n * testFraction)} of them (at least 1, at most {@code n - 1}) to the test split;
     * a class with one image stays in training. Both splits are then shuffled, so any prefix
     * ({@link InMemoryDataset#limit}) is a random sample. The same seed gives the same split. The
     * splits are named {@code all.name() + "/train"} and {@code "/test"}.
     *
     * @throws IllegalArgumentException if {@code testFraction} is not in (0, 1) or no class has two images
     */
    public static DataSplits stratified(InMemoryDataset all, double testFraction, long seed) {
        Objects.requireNonNull(all, "all");
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        SplittableRandom rnd = new SplittableRandom(Shapes.mix(seed));
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < all.numClasses(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            byClass.get(all.label(i)).add(i);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> members : byClass) {
            shuffle(members, rnd);
            int n = members.size();
            int nTest = n < 2 ? 0 : (int) Math.max(1, Math.min(n - 1, Math.round(n * testFraction)));
            test.addAll(members.subList(0, nTest));
            train.addAll(members.subList(nTest, n));
        }
        if (test.isEmpty()) {
            throw new IllegalArgumentException("cannot split data set '" + all.name() + "' (" + all.size()
                    + " images): no class has the 2 images a test split needs");
        }
        shuffle(train, rnd);
        shuffle(test, rnd);
        return new DataSplits(all.subset(all.name() + "/train", toArray(train)),
                all.subset(all.name() + "/test", toArray(test)));
    }

    private static void shuffle(List<Integer> list, SplittableRandom rnd) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Integer t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
