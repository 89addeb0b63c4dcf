package org.hvs.ssl.loss;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NtXentLossTest {

    private static final int B = 4;
    private static final int D = 5;

    private static INDArray randn(long seed, DataType type, int rows, int cols) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, rows, cols).castTo(type);
    }

    /**
     * The formula with plain Java loops: per-anchor cross-entropy over the 2B - 1 others, positive
     * at the other view of the same sample; returns the per-sample mean of both anchors.
     */
    private static double[] referencePerSample(double[][] z1, double[][] z2, double tau) {
        int b = z1.length;
        double[][] u = new double[2 * b][];
        for (int i = 0; i < b; i++) {
            u[i] = unit(z1[i]);
            u[i + b] = unit(z2[i]);
        }
        double[] anchor = new double[2 * b];
        for (int a = 0; a < 2 * b; a++) {
            int pos = (a + b) % (2 * b);
            double denom = 0;
            for (int k = 0; k < 2 * b; k++) {
                if (k != a) {
                    denom += Math.exp(dot(u[a], u[k]) / tau);
                }
            }
            anchor[a] = -Math.log(Math.exp(dot(u[a], u[pos]) / tau) / denom);
        }
        double[] out = new double[b];
        for (int i = 0; i < b; i++) {
            out[i] = (anchor[i] + anchor[i + b]) / 2;
        }
        return out;
    }

    private static double[] unit(double[] x) {
        double n = Math.sqrt(dot(x, x));
        double[] u = new double[x.length];
        for (int d = 0; d < x.length; d++) {
            u[d] = x[d] / n;
        }
        return u;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 1.0})
    void gradientsMatchFiniteDifferencesInDouble(double tau) {
        NtXentLoss loss = new NtXentLoss(tau);
        INDArray z1 = randn(1, DataType.DOUBLE, B, D);
        INDArray z2 = randn(2, DataType.DOUBLE, B, D);
        NtXentLoss.Result r = loss.compute(z1, z2);
        GradientCheck.assertGradient("z1", z1, r.gradZ1(), x -> loss.compute(x, z2).loss());
        GradientCheck.assertGradient("z2", z2, r.gradZ2(), x -> loss.compute(z1, x).loss());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5})
    void lossEqualsPlainJavaComputationAndPerSampleMean(double tau) {
        NtXentLoss loss = new NtXentLoss(tau);
        INDArray z1 = randn(11, DataType.DOUBLE, B, D);
        INDArray z2 = randn(12, DataType.DOUBLE, B, D);
        double[] expected = referencePerSample(z1.toDoubleMatrix(), z2.toDoubleMatrix(), tau);
        double expectedMean = 0;
        for (double e : expected) {
            expectedMean += e / B;
        }
        INDArray perSample = loss.perSample(z1, z2);
        assertArrayEquals(new long[]{B}, perSample.shape());
        assertArrayEquals(expected, perSample.toDoubleVector(), 1e-10);
        double value = loss.compute(z1, z2).loss();
        assertEquals(expectedMean, value, 1e-10);
        assertEquals(perSample.meanNumber().doubleValue(), value, 1e-12);
    }

    @Test
    void defaultTemperatureIsPointOne() {
        assertEquals(0.1, new NtXentLoss().temperature());
        INDArray z1 = randn(15, DataType.DOUBLE, B, D);
        INDArray z2 = randn(16, DataType.DOUBLE, B, D);
        assertEquals(new NtXentLoss(0.1).compute(z1, z2).loss(), new NtXentLoss().compute(z1, z2).loss(), 0.0);
    }

    @Test
    void knownValueWhenAllNonPositivesAreOrthogonal() {
        // z1 = z2 = identity rows: positive similarity 1, the 2B - 2 negatives 0 ->
        // l = -1/tau + log(e^{1/tau} + (2B - 2)).
        double tau = 0.5;
        INDArray eye = Nd4j.eye(B).castTo(DataType.DOUBLE);
        double expected = -1 / tau + Math.log(Math.exp(1 / tau) + (2 * B - 2));
        NtXentLoss.Result r = new NtXentLoss(tau).compute(eye.mul(2.0), eye);
        assertEquals(expected, r.loss(), 1e-12);
    }

    @Test
    void extremeTemperatureStaysFinite() {
        NtXentLoss loss = new NtXentLoss(1e-3);   // logits up to 1000: exp would overflow without the max shift
        INDArray z1 = randn(21, DataType.FLOAT, B, D);
        INDArray z2 = z1.add(randn(22, DataType.FLOAT, B, D).muli(0.01f));
        NtXentLoss.Result r = loss.compute(z1, z2);
        assertTrue(Double.isFinite(r.loss()), "loss " + r.loss());
        assertTrue(r.loss() >= 0, "cross-entropy is non-negative, got " + r.loss());
        assertTrue(allFinite(r.gradZ1()) && allFinite(r.gradZ2()), "finite gradients");
        assertTrue(allFinite(loss.perSample(z1, z2)), "finite per-sample losses");
    }

    private static boolean allFinite(INDArray x) {
        for (double v : x.castTo(DataType.DOUBLE).data().asDouble()) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void floatInputsGiveFloatGradientsCloseToDouble() {
        NtXentLoss loss = new NtXentLoss();
        INDArray z1 = randn(31, DataType.DOUBLE, B, D);
        INDArray z2 = randn(32, DataType.DOUBLE, B, D);
        NtXentLoss.Result d = loss.compute(z1, z2);
        NtXentLoss.Result f = loss.compute(z1.castTo(DataType.FLOAT), z2.castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, f.gradZ1().dataType());
        assertEquals(DataType.FLOAT, loss.perSample(z1.castTo(DataType.FLOAT), z2.castTo(DataType.FLOAT)).dataType());
        assertEquals(d.loss(), f.loss(), 1e-4);
        assertTrue(d.gradZ1().equalsWithEps(f.gradZ1().castTo(DataType.DOUBLE), 1e-4));
        assertTrue(d.gradZ2().equalsWithEps(f.gradZ2().castTo(DataType.DOUBLE), 1e-4));
    }

    @Test
    void pairScoresEqualPerSampleForEveryPair() {
        NtXentLoss loss = new NtXentLoss();
        int n = 4;
        INDArray z = randn(41, DataType.DOUBLE, n * B, D);
        List<int[]> pairs = List.of(new int[]{0, 1}, new int[]{0, 2}, new int[]{0, 3},
                new int[]{1, 2}, new int[]{1, 3}, new int[]{2, 3}, new int[]{2, 0});
        INDArray scores = loss.pairScores(z, n, pairs);
        assertArrayEquals(new long[]{pairs.size(), B}, scores.shape());
        for (int k = 0; k < pairs.size(); k++) {
            int i = pairs.get(k)[0];
            int j = pairs.get(k)[1];
            INDArray expected = loss.perSample(view(z, i), view(z, j));
            assertArrayEquals(expected.toDoubleVector(), scores.getRow(k).toDoubleVector(), 1e-10,
                    "pair " + i + "," + j);
        }
        assertTrue(Math.abs(scores.getDouble(0, 0) - scores.getDouble(5, 0)) > 1e-6);
    }

    @Test
    void pairScoresAreExactAndFiniteAtASmallTemperatureInFloat() {
        // tau = 0.02: logits span +-50, exp(-100) underflows float; view 3 points away from the others
        NtXentLoss loss = new NtXentLoss(0.02);
        int n = 4;
        INDArray z = randn(43, DataType.DOUBLE, n * B, D);
        z.get(NDArrayIndex.interval(3 * B, 4 * B), NDArrayIndex.all()).assign(view(z, 0).neg().addi(0.01));
        List<int[]> pairs = List.of(new int[]{0, 3}, new int[]{1, 2}, new int[]{3, 1});
        INDArray scores = loss.pairScores(z.castTo(DataType.FLOAT), n, pairs);
        assertEquals(DataType.FLOAT, scores.dataType());
        for (int k = 0; k < pairs.size(); k++) {
            int i = pairs.get(k)[0];
            int j = pairs.get(k)[1];
            double[] expected = loss.perSample(view(z, i), view(z, j)).toDoubleVector();
            double[] got = scores.getRow(k).toDoubleVector();
            for (int b = 0; b < B; b++) {
                assertTrue(Double.isFinite(got[b]), "pair " + i + "," + j + " sample " + b + ": " + got[b]);
                assertEquals(expected[b], got[b], 1e-3 * Math.max(1, Math.abs(expected[b])), "pair " + i + "," + j);
            }
        }
    }

    private static INDArray view(INDArray stacked, int v) {
        return stacked.get(NDArrayIndex.interval(v * B, (v + 1) * B), NDArrayIndex.all()).dup();
    }

    @Test
    void batchOfOneIsRejected() {
        NtXentLoss loss = new NtXentLoss();
        INDArray one = Nd4j.rand(DataType.DOUBLE, 1, D);
        String expected = "NT-Xent needs a batch of at least 2 samples (negatives come from the other samples), got 1";
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> loss.compute(one, one)).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> loss.perSample(one, one)).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> loss.pairScores(Nd4j.rand(DataType.DOUBLE, 3, D), 3, List.<int[]>of(new int[]{0, 1}))).getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.1, Double.NaN, Double.POSITIVE_INFINITY})
    void temperatureMustBePositive(double tau) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NtXentLoss(tau));
        assertEquals("temperature must be finite and > 0, got " + tau, e.getMessage());
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        NtXentLoss loss = new NtXentLoss();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(Nd4j.rand(DataType.DOUBLE, B, D), Nd4j.rand(DataType.DOUBLE, B + 1, D)));
        assertTrue(e.getMessage().contains("z1 [4, 5]") && e.getMessage().contains("z2 [5, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> loss.pairScores(Nd4j.rand(DataType.DOUBLE, 10, D), 4, List.<int[]>of(new int[]{0, 1})));
        assertTrue(e.getMessage().contains("got 10 rows for numViews=4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> loss.pairScores(Nd4j.rand(DataType.DOUBLE, 8, D), 4, List.<int[]>of(new int[]{-1, 1})));
        assertTrue(e.getMessage().contains("got [-1, 1]"), e.getMessage());
    }
}
