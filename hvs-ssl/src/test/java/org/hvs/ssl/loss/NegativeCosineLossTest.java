package org.hvs.ssl.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NegativeCosineLossTest {

    private static final int B = 4;
    private static final int D = 5;

    private final NegativeCosineLoss loss = new NegativeCosineLoss();

    private static INDArray randn(long seed, DataType type, int rows, int cols) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, rows, cols).castTo(type);
    }

    /** The formula with plain Java loops, independent of the implementation. */
    private static double[] referencePerSample(double[][] p1, double[][] z1, double[][] p2, double[][] z2) {
        double[] out = new double[p1.length];
        for (int b = 0; b < p1.length; b++) {
            out[b] = -(cosine(p1[b], z2[b]) + cosine(p2[b], z1[b])) / 2;
        }
        return out;
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int d = 0; d < a.length; d++) {
            dot += a[d] * b[d];
            na += a[d] * a[d];
            nb += b[d] * b[d];
        }
        return dot / (Math.sqrt(na) * Math.sqrt(nb));
    }

    @Test
    void gradientsMatchFiniteDifferencesInDouble() {
        INDArray p1 = randn(1, DataType.DOUBLE, B, D);
        INDArray z1 = randn(2, DataType.DOUBLE, B, D);
        INDArray p2 = randn(3, DataType.DOUBLE, B, D);
        INDArray z2 = randn(4, DataType.DOUBLE, B, D);
        NegativeCosineLoss.Result r = loss.compute(p1, z1, p2, z2);
        GradientCheck.assertGradient("p1", p1, r.gradP1(), x -> loss.compute(x, z1, p2, z2).loss());
        GradientCheck.assertGradient("p2", p2, r.gradP2(), x -> loss.compute(p1, z1, x, z2).loss());
    }

    @Test
    void lossEqualsPlainJavaComputationAndPerSampleMean() {
        INDArray p1 = randn(11, DataType.DOUBLE, B, D);
        INDArray z1 = randn(12, DataType.DOUBLE, B, D);
        INDArray p2 = randn(13, DataType.DOUBLE, B, D);
        INDArray z2 = randn(14, DataType.DOUBLE, B, D);
        double[] expected = referencePerSample(p1.toDoubleMatrix(), z1.toDoubleMatrix(),
                p2.toDoubleMatrix(), z2.toDoubleMatrix());
        double expectedMean = 0;
        for (double e : expected) {
            expectedMean += e / B;
        }
        INDArray perSample = loss.perSample(p1, z1, p2, z2);
        assertArrayEquals(new long[]{B}, perSample.shape());
        assertArrayEquals(expected, perSample.toDoubleVector(), 1e-12);
        assertEquals(expectedMean, loss.compute(p1, z1, p2, z2).loss(), 1e-12);
        assertEquals(perSample.meanNumber().doubleValue(), loss.compute(p1, z1, p2, z2).loss(), 1e-12);
    }

    @Test
    void alignedPredictionsGiveMinusOneAndOppositeGivePlusOne() {
        INDArray z1 = randn(21, DataType.DOUBLE, B, D);
        INDArray z2 = randn(22, DataType.DOUBLE, B, D);
        // p1 points along z2, p2 along z1, at different scales: cosine 1 everywhere.
        NegativeCosineLoss.Result aligned = loss.compute(z2.mul(3.0), z1, z1.mul(0.5), z2);
        assertEquals(-1.0, aligned.loss(), 1e-12);
        assertEquals(0.0, aligned.gradP1().norm2Number().doubleValue(), 1e-12, "minimum: zero gradient");
        assertEquals(-1.0, loss.compute(z1, z1, z1, z1).loss(), 1e-12, "identical p and z");
        assertEquals(1.0, loss.compute(z2.neg(), z1, z1.neg(), z2).loss(), 1e-12);
    }

    @Test
    void floatInputsGiveFloatGradientsCloseToDouble() {
        INDArray p1 = randn(31, DataType.DOUBLE, B, D);
        INDArray z1 = randn(32, DataType.DOUBLE, B, D);
        INDArray p2 = randn(33, DataType.DOUBLE, B, D);
        INDArray z2 = randn(34, DataType.DOUBLE, B, D);
        NegativeCosineLoss.Result d = loss.compute(p1, z1, p2, z2);
        NegativeCosineLoss.Result f = loss.compute(p1.castTo(DataType.FLOAT), z1.castTo(DataType.FLOAT),
                p2.castTo(DataType.FLOAT), z2.castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, f.gradP1().dataType());
        assertEquals(DataType.FLOAT, f.gradP2().dataType());
        assertEquals(d.loss(), f.loss(), 1e-5);
        assertTrue(d.gradP1().equalsWithEps(f.gradP1().castTo(DataType.DOUBLE), 1e-5));
        assertTrue(d.gradP2().equalsWithEps(f.gradP2().castTo(DataType.DOUBLE), 1e-5));
    }

    @Test
    void pairScoresEqualPerSampleForEveryPair() {
        int n = 4;
        INDArray p = randn(41, DataType.DOUBLE, n * B, D);
        INDArray z = randn(42, DataType.DOUBLE, n * B, D);
        List<int[]> pairs = List.of(new int[]{0, 1}, new int[]{0, 2}, new int[]{0, 3},
                new int[]{1, 2}, new int[]{1, 3}, new int[]{2, 3}, new int[]{3, 1});
        INDArray scores = loss.pairScores(p, z, n, pairs);
        assertArrayEquals(new long[]{pairs.size(), B}, scores.shape());
        for (int k = 0; k < pairs.size(); k++) {
            int i = pairs.get(k)[0];
            int j = pairs.get(k)[1];
            INDArray expected = loss.perSample(view(p, i), view(z, i), view(p, j), view(z, j));
            assertArrayEquals(expected.toDoubleVector(), scores.getRow(k).toDoubleVector(), 1e-12,
                    "pair " + i + "," + j);
        }
        // the scores differ between pairs, so the comparison above is not vacuous
        assertTrue(Math.abs(scores.getDouble(0, 0) - scores.getDouble(5, 0)) > 1e-6);
    }

    private static INDArray view(INDArray stacked, int v) {
        return stacked.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(v * B, (v + 1) * B),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        INDArray a = Nd4j.rand(DataType.DOUBLE, B, D);
        INDArray b = Nd4j.rand(DataType.DOUBLE, B, D + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(a, a, a, b));
        assertTrue(e.getMessage().contains("p1 [4, 5]") && e.getMessage().contains("z2 [4, 6]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss.perSample(a, Nd4j.rand(DataType.DOUBLE, 3, D), a, a));
        assertTrue(e.getMessage().contains("z1 [3, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss.compute(Nd4j.rand(DataType.DOUBLE, B), a, a, a));
        assertTrue(e.getMessage().contains("p1 must be a [B, D] matrix, got shape [4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss.compute(a, a, a, a.castTo(DataType.FLOAT)));
        assertTrue(e.getMessage().contains("DOUBLE") && e.getMessage().contains("FLOAT"), e.getMessage());
    }

    @Test
    void pairScoresValidatesViewsAndPairs() {
        INDArray p = Nd4j.rand(DataType.DOUBLE, 3 * B, D);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.pairScores(p, p, 3, List.of()));
        assertTrue(e.getMessage().contains("pairs must not be empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> loss.pairScores(Nd4j.rand(DataType.DOUBLE, 13, D), Nd4j.rand(DataType.DOUBLE, 13, D), 3,
                        List.<int[]>of(new int[]{0, 1})));
        assertTrue(e.getMessage().contains("got 13 rows for numViews=3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss.pairScores(p, p, 3, List.<int[]>of(new int[]{0, 3})));
        assertTrue(e.getMessage().contains("[0, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss.pairScores(p, p, 3, List.<int[]>of(new int[]{1, 1})));
        assertTrue(e.getMessage().contains("two different views, got [1, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss.pairScores(p, p, 1, List.<int[]>of(new int[]{0, 1})));
        assertTrue(e.getMessage().contains("numViews must be >= 2, got 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> loss.pairScores(p, Nd4j.rand(DataType.DOUBLE, 3 * B, D + 1), 3, List.<int[]>of(new int[]{0, 1})));
        assertTrue(e.getMessage().contains("p [12, 5]") && e.getMessage().contains("z [12, 6]"), e.getMessage());
    }
}
