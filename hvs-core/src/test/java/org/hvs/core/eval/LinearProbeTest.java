package org.hvs.core.eval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearProbeTest {
    private static final int D = 16;
    private static final int CLASSES = 4;

    /**
     * Gaussian features labelled by the arg-max of a hidden linear map, keeping only points whose
     * best score beats the second by a margin of 1 (so the classes are linearly separable with a
     * margin); then shifted and scaled.
     */
    private static Features separable(int n, long seed, float[][] hidden) {
        Random rnd = new Random(seed);
        float[][] x = new float[n][D];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double margin;
            int best;
            do {
                for (int j = 0; j < D; j++) {
                    x[i][j] = (float) rnd.nextGaussian();
                }
                double[] s = new double[CLASSES];
                best = 0;
                for (int c = 0; c < CLASSES; c++) {
                    for (int j = 0; j < D; j++) {
                        s[c] += hidden[c][j] * x[i][j];
                    }
                    best = s[c] > s[best] ? c : best;
                }
                margin = Double.POSITIVE_INFINITY;
                for (int c = 0; c < CLASSES; c++) {
                    margin = c == best ? margin : Math.min(margin, s[best] - s[c]);
                }
            } while (margin < 1.0);
            labels[i] = best;
            for (int j = 0; j < D; j++) {
                x[i][j] = 5f + 30f * x[i][j]; // raw scale far from standardised: the probe must standardise
            }
        }
        return new Features(Nd4j.create(x), labels, CLASSES);
    }

    private static float[][] hidden(long seed) {
        Random rnd = new Random(seed);
        float[][] w = new float[CLASSES][D];
        for (float[] row : w) {
            for (int j = 0; j < D; j++) {
                row[j] = (float) rnd.nextGaussian();
            }
        }
        return w;
    }

    private static Features randomLabels(int n, long seed) {
        Random rnd = new Random(seed);
        float[][] x = new float[n][D];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < D; j++) {
                x[i][j] = (float) rnd.nextGaussian();
            }
            labels[i] = rnd.nextInt(CLASSES);
        }
        return new Features(Nd4j.create(x), labels, CLASSES);
    }

    @Test
    void linearlySeparableDataIsLearned() {
        float[][] w = hidden(3);
        Features train = separable(1000, 1, w);
        Features test = separable(500, 2, w);
        double acc = LinearProbe.builder().epochs(60).seed(1).build().top1(train, test);
        assertTrue(acc > 0.95, "test accuracy " + acc);
    }

    @Test
    void randomLabelsGiveChanceAccuracy() {
        Features train = randomLabels(400, 4);
        Features test = randomLabels(2000, 5);
        double acc = LinearProbe.builder().epochs(30).seed(1).build().top1(train, test);
        // chance is 0.25; the standard error over 2000 test points is about 0.01
        assertTrue(acc > 0.19 && acc < 0.31, "test accuracy " + acc);
    }

    @Test
    void sameSeedSameClassifierAndFullBatchWorks() {
        float[][] w = hidden(3);
        Features train = separable(300, 1, w);
        Features test = separable(200, 2, w);
        LinearProbe probe = LinearProbe.builder().epochs(10).batchSize(64).seed(9).build();
        assertArrayEquals(probe.fit(train).predict(test.features()), probe.fit(train).predict(test.features()));

        LinearClassifier fullBatch = LinearProbe.builder().epochs(200).batchSize(10_000).learningRate(0.05)
                .build().fit(train);
        assertTrue(fullBatch.accuracy(test) > 0.9, "full-batch accuracy " + fullBatch.accuracy(test));
        assertEquals(D, fullBatch.inputSize());
        assertEquals(CLASSES, fullBatch.numClasses());
    }

    @Test
    void constantFeaturesDoNotBreakStandardisation() {
        float[][] x = {{1, 7}, {2, 7}, {-1, 7}, {-2, 7}};
        Features f = new Features(Nd4j.create(x), new int[]{1, 1, 0, 0}, 2);
        LinearClassifier clf = LinearProbe.builder().epochs(50).build().fit(f);
        assertEquals(1.0, clf.accuracy(f));
        assertEquals(0f, clf.standardize(Nd4j.create(new float[][]{{0, 7}})).getFloat(0, 1), 1e-6);
    }

    @Test
    void validation() {
        assertMessage("epochs must be >= 1, got 0", () -> LinearProbe.builder().epochs(0).build());
        assertMessage("batchSize must be >= 1, got -1", () -> LinearProbe.builder().batchSize(-1).build());
        assertMessage("learningRate must be > 0 and finite, got 0.0", () -> LinearProbe.builder().learningRate(0).build());
        assertMessage("weightDecay must be >= 0 and finite, got NaN",
                () -> LinearProbe.builder().weightDecay(Double.NaN).build());
        LinearClassifier clf = LinearProbe.builder().epochs(1).build().fit(randomLabels(10, 1));
        assertMessage("features must be [n, 16], got [2, 3]", () -> clf.predict(Nd4j.zeros(2, 3)));
    }

    private static void assertMessage(String message, org.junit.jupiter.api.function.Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }
}
