package org.hvs.core.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnnClassifierTest {

    /** {@code perClass} points around each axis of R^3, with small jitter; point i has class i % 3. */
    private static Features clusters(int perClass, long seed, int[] overrideLabels) {
        Random rnd = new Random(seed);
        int n = 3 * perClass;
        float[][] x = new float[n][3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            for (int j = 0; j < 3; j++) {
                x[i][j] = (j == c ? 1f : 0f) + 0.1f * (float) rnd.nextGaussian();
            }
            labels[i] = c;
        }
        if (overrideLabels != null) {
            for (int i = 0; i < overrideLabels.length; i += 2) {
                labels[overrideLabels[i]] = overrideLabels[i + 1];
            }
        }
        return new Features(Nd4j.create(x), labels, 3);
    }

    @Test
    void wellSeparatedClustersAreAllCorrect() {
        Features train = clusters(5, 1, null);
        Features test = clusters(3, 2, null);
        KnnResult r = KnnClassifier.dino().evaluate(train, test);
        assertEquals(1.0, r.top1());
        assertEquals(15, r.k(), "k = 20 is clamped to the 15 train points");
    }

    @Test
    void plantedMistakeCostsExactlyOneTestPoint() {
        Features train = clusters(5, 1, null);
        // test point 4 lies in cluster 1 but is labelled 0
        Features test = clusters(3, 2, new int[]{4, 0});
        KnnResult r = KnnClassifier.builder().k(5).build().evaluate(train, test);
        assertEquals(8.0 / 9.0, r.top1(), 1e-12);
        assertEquals(1, r.predictions()[4]);
        assertFalse(r.hasTop5());
        assertTrue(Double.isNaN(r.top5()));
    }

    /**
     * Train: (1, 0) class 0, (0.8, 0.6) class 1, (0.6, 0.8) class 1; test (2, 0) labelled 1. With
     * k = 3 the similarities are 1, 0.8, 0.6 and the votes are class 0: exp(1/T), class 1:
     * exp(0.8/T) + exp(0.6/T). T = 0.1: 22026 vs 2981 + 403 -> 0. T = 0.4: 12.18 vs 7.39 + 4.48 = 11.87
     * -> 0. T = 0.45: 9.23 vs 5.92 + 3.79 = 9.71 -> 1. T = 0.5: 7.39 vs 4.95 + 3.32 = 8.27 -> 1.
     * With k = 1 only the nearest (class 0) votes.
     */
    @ParameterizedTest(name = "k={0}, T={1} -> class {2}")
    @CsvSource({"3, 0.1, 0", "3, 0.4, 0", "3, 0.45, 1", "3, 0.5, 1", "1, 0.5, 0", "20, 0.5, 1"})
    void weightingFollowsExpSimilarityOverT(int k, double temperature, int expected) {
        Features train = new Features(Nd4j.create(new float[][]{{1, 0}, {0.8f, 0.6f}, {0.6f, 0.8f}}),
                new int[]{0, 1, 1}, 2);
        Features test = new Features(Nd4j.create(new float[][]{{2, 0}}), new int[]{1}, 2);
        KnnResult r = KnnClassifier.builder().k(k).temperature(temperature).build().evaluate(train, test);
        assertEquals(expected, r.predictions()[0]);
        assertEquals(expected == 1 ? 1.0 : 0.0, r.top1());
        assertEquals(Math.min(k, 3), r.k());
    }

    @Test
    void topFiveCountsTheLabelAmongTheFiveBestClasses() {
        // one train point per class; test point most similar to class 0, least to class 5
        float[][] x = new float[6][];
        for (int c = 0; c < 6; c++) {
            double angle = c * 0.2;
            x[c] = new float[]{(float) Math.cos(angle), (float) Math.sin(angle)};
        }
        Features train = new Features(Nd4j.create(x), new int[]{0, 1, 2, 3, 4, 5}, 6);
        Features test = new Features(Nd4j.create(new float[][]{{1, 0}, {1, 0}, {1, 0}}), new int[]{4, 5, 0}, 6);
        KnnResult r = KnnClassifier.builder().k(6).build().evaluate(train, test);
        assertArrayEquals(new int[]{0, 0, 0}, r.predictions());
        assertEquals(1.0 / 3, r.top1(), 1e-12);
        assertEquals(2.0 / 3, r.top5(), 1e-12); // class 4 is fifth, class 5 sixth
        assertTrue(r.hasTop5());
    }

    @Test
    void chunkSizeDoesNotChangeTheResultAndMatchesABruteForceReference() {
        Random rnd = new Random(7);
        int nTrain = 60;
        int nTest = 23;
        int d = 6;
        int classes = 5;
        float[][] tr = gaussian(rnd, nTrain, d);
        float[][] te = gaussian(rnd, nTest, d);
        int[] trl = IntStream.range(0, nTrain).map(i -> rnd.nextInt(classes)).toArray();
        int[] tel = IntStream.range(0, nTest).map(i -> rnd.nextInt(classes)).toArray();
        Features train = new Features(Nd4j.create(tr), trl, classes);
        Features test = new Features(Nd4j.create(te), tel, classes);

        KnnResult ref = KnnClassifier.builder().k(7).chunkSize(1).build().evaluate(train, test);
        for (int chunk : new int[]{5, 23, 1000}) {
            assertEquals(ref, KnnClassifier.builder().k(7).chunkSize(chunk).build().evaluate(train, test),
                    "chunk " + chunk);
        }
        for (int i = 0; i < nTest; i++) {
            assertEquals(bruteForce(tr, trl, te[i], classes, 7, 0.07), ref.predictions()[i], "test row " + i);
        }
    }

    private static int bruteForce(float[][] train, int[] labels, float[] q, int classes, int k, double t) {
        double[] sims = new double[train.length];
        for (int i = 0; i < train.length; i++) {
            sims[i] = dot(train[i], q) / Math.sqrt(dot(train[i], train[i]) * dot(q, q));
        }
        Integer[] order = IntStream.range(0, train.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> -sims[i]));
        double[] votes = new double[classes];
        for (int j = 0; j < k; j++) {
            votes[labels[order[j]]] += Math.exp(sims[order[j]] / t);
        }
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (votes[c] > votes[best]) {
                best = c;
            }
        }
        return best;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static float[][] gaussian(Random rnd, int n, int d) {
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) rnd.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void validation() {
        assertMessage("k must be >= 1, got 0", () -> KnnClassifier.builder().k(0).build());
        assertMessage("temperature must be > 0 and finite, got -0.1",
                () -> KnnClassifier.builder().temperature(-0.1).build());
        assertMessage("chunkSize must be >= 1, got 0", () -> KnnClassifier.builder().chunkSize(0).build());
        Features a = new Features(Nd4j.zeros(2, 3), new int[]{0, 1}, 2);
        Features b = new Features(Nd4j.zeros(2, 4), new int[]{0, 1}, 2);
        Features c = new Features(Nd4j.zeros(2, 3), new int[]{0, 1}, 3);
        assertMessage("train and test feature sizes differ: 3 vs 4", () -> KnnClassifier.dino().evaluate(a, b));
        assertMessage("train and test class counts differ: 2 vs 3", () -> KnnClassifier.dino().evaluate(a, c));
    }

    private static void assertMessage(String message, org.junit.jupiter.api.function.Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }
}
