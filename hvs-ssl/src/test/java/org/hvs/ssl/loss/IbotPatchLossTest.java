package org.hvs.ssl.loss;

import org.hvs.core.select.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IbotPatchLossTest {
    private static final int V = 2;
    private static final int B = 3;
    private static final int T = 5;
    private static final int K = 4;
    private static final double TEACHER_TEMP = 0.07;
    private static final double[] CENTER = {0.3, -0.2, 0.1, 0.4};
    /** Row v*B + b: varied counts, one all-empty row (clamp), one full row. */
    private static final double[][] MASKS = {
        {1, 0, 1, 0, 0},
        {0, 0, 0, 0, 0},
        {1, 1, 1, 1, 1},
        {0, 1, 0, 0, 0},
        {1, 1, 0, 0, 1},
        {0, 0, 1, 1, 0},
    };

    private static double[][][] random3(long seed, int rows) {
        Random rng = new Random(seed);
        double[][][] a = new double[rows][T][K];
        for (double[][] row : a) {
            for (double[] tok : row) {
                for (int k = 0; k < K; k++) {
                    tok[k] = rng.nextGaussian();
                }
            }
        }
        return a;
    }

    private static INDArray center(DataType type) {
        return Nd4j.createFromArray(new double[][][] {{CENTER}}).castTo(type); // [1, 1, K] as iBOT's center2
    }

    /** The formula with plain double loops: term[row] (row = v*B + b), lambda-weighted. */
    private static double[] referenceRowTerms(double[][][] s, double[][][] t, double[][] m, double[] c, double tt,
                                              double ts, double lambda) {
        double[] out = new double[s.length];
        for (int r = 0; r < s.length; r++) {
            double sum = 0;
            double count = 0;
            for (int tok = 0; tok < T; tok++) {
                double qs = 0;
                double ps = 0;
                for (int k = 0; k < K; k++) {
                    qs += Math.exp((t[r][tok][k] - c[k]) / tt);
                    ps += Math.exp(s[r][tok][k] / ts);
                }
                double ce = 0;
                for (int k = 0; k < K; k++) {
                    double q = Math.exp((t[r][tok][k] - c[k]) / tt) / qs;
                    ce -= q * (s[r][tok][k] / ts - Math.log(ps));
                }
                sum += m[r][tok] * ce;
                count += m[r][tok];
            }
            out[r] = lambda * sum / Math.max(1.0, count);
        }
        return out;
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s / a.length;
    }

    @Test
    void valueMatchesThePlainLoopFormula() {
        double[][][] s = random3(1, V * B);
        double[][][] t = random3(2, V * B);
        double[] ref = referenceRowTerms(s, t, MASKS, CENTER, TEACHER_TEMP, 0.1, 1.0);
        IbotPatchLoss loss = new IbotPatchLoss();
        INDArray student = Nd4j.createFromArray(s);
        INDArray teacher = Nd4j.createFromArray(t);
        INDArray masks = Nd4j.createFromArray(MASKS).castTo(DataType.FLOAT);
        IbotPatchLoss.Result r = loss.compute(student, teacher, masks, center(DataType.DOUBLE), TEACHER_TEMP);
        assertEquals(mean(ref), r.loss(), 1e-10);
        assertEquals(mean(ref), loss.value(student, teacher, masks, center(DataType.DOUBLE), TEACHER_TEMP), 1e-10);
        assertEquals(0.0, ref[1], "an empty mask gives a zero term");
        INDArray perView = loss.perView(student, teacher, masks, center(DataType.DOUBLE), TEACHER_TEMP, V);
        assertArrayEquals(new long[] {V, B}, perView.shape());
        INDArray perSample = loss.perSample(student, teacher, masks, center(DataType.DOUBLE), TEACHER_TEMP, V);
        for (int b = 0; b < B; b++) {
            for (int v = 0; v < V; v++) {
                assertEquals(ref[v * B + b], perView.getDouble(v, b), 1e-10);
            }
            assertEquals((ref[b] + ref[B + b]) / 2, perSample.getDouble(b), 1e-10);
        }
        assertEquals(r.loss(), perSample.meanNumber().doubleValue(), 1e-12);
    }

    @Test
    void lambdaAndStudentTemperatureEnterAsInTheFormula() {
        double[][][] s = random3(3, V * B);
        double[][][] t = random3(4, V * B);
        double[] ref = referenceRowTerms(s, t, MASKS, CENTER, 0.04, 0.2, 0.5);
        double got = new IbotPatchLoss(0.2, 0.5).value(Nd4j.createFromArray(s), Nd4j.createFromArray(t),
                Nd4j.createFromArray(MASKS), center(DataType.DOUBLE), 0.04);
        assertEquals(mean(ref), got, 1e-10);
    }

    @Test
    void floatInputsAgreeWithDouble() {
        INDArray s = Nd4j.createFromArray(random3(5, V * B));
        INDArray t = Nd4j.createFromArray(random3(6, V * B));
        INDArray m = Nd4j.createFromArray(MASKS);
        IbotPatchLoss loss = new IbotPatchLoss();
        IbotPatchLoss.Result d = loss.compute(s, t, m, center(DataType.DOUBLE), TEACHER_TEMP);
        IbotPatchLoss.Result f = loss.compute(s.castTo(DataType.FLOAT), t.castTo(DataType.FLOAT),
                m.castTo(DataType.FLOAT), center(DataType.FLOAT), TEACHER_TEMP);
        assertEquals(d.loss(), f.loss(), 1e-4);
        assertEquals(DataType.FLOAT, f.gradStudent().dataType());
        assertTrue(d.gradStudent().castTo(DataType.FLOAT).equalsWithEps(f.gradStudent(), 1e-4));
    }

    @Test
    void gradientMatchesFiniteDifferencesAndSkipsMaskedOutTokens() {
        // logits scaled so that neither softmax saturates and every masked entry of the gradient is far
        // above the finite-difference round-off (~1e-10)
        INDArray x = Nd4j.createFromArray(random3(7, V * B)).muli(0.2).reshape('c', V * B * T, K).dup('c');
        INDArray teacher = Nd4j.createFromArray(random3(8, V * B)).muli(0.2);
        INDArray masks = Nd4j.createFromArray(MASKS);
        INDArray center = center(DataType.DOUBLE);
        IbotPatchLoss loss = new IbotPatchLoss(0.1, 0.7);
        IbotPatchLoss.Result r = loss.compute(x.reshape(V * B, T, K), teacher, masks, center, TEACHER_TEMP);
        assertArrayEquals(new long[] {V * B, T, K}, r.gradStudent().shape());
        INDArray grad = r.gradStudent().reshape('c', V * B * T, K);
        GradientCheck.assertGradient("student patch", x, grad,
                xx -> loss.value(xx.reshape(V * B, T, K), teacher, masks, center, TEACHER_TEMP));
        for (int row = 0; row < V * B; row++) {
            for (int tok = 0; tok < T; tok++) {
                double norm = grad.getRow(row * T + tok).norm2Number().doubleValue();
                if (MASKS[row][tok] == 0) {
                    assertEquals(0.0, norm, "token " + tok + " of row " + row + " is not masked");
                } else {
                    assertTrue(norm > 0, "masked token " + tok + " of row " + row + " gets a gradient");
                }
            }
        }
    }

    @Test
    void allEmptyMasksGiveZeroLossAndZeroGradient() {
        INDArray s = Nd4j.createFromArray(random3(9, V * B));
        INDArray t = Nd4j.createFromArray(random3(10, V * B));
        IbotPatchLoss.Result r = new IbotPatchLoss().compute(s, t, Nd4j.zeros(DataType.FLOAT, V * B, T),
                center(DataType.DOUBLE), TEACHER_TEMP);
        assertEquals(0.0, r.loss());
        assertEquals(0.0, r.gradStudent().norm2Number().doubleValue());
        assertTrue(Double.isFinite(r.loss()));
    }

    @Test
    void perSampleMatchesTheLossOfEachSampleAlone() {
        INDArray s = Nd4j.createFromArray(random3(11, V * B));
        INDArray t = Nd4j.createFromArray(random3(12, V * B));
        INDArray m = Nd4j.createFromArray(MASKS);
        IbotPatchLoss loss = new IbotPatchLoss();
        INDArray perSample = loss.perSample(s, t, m, center(DataType.DOUBLE), TEACHER_TEMP, V);
        for (int b = 0; b < B; b++) {
            int[] rows = new int[V];
            for (int v = 0; v < V; v++) {
                rows[v] = v * B + b;
            }
            double alone = loss.compute(pick(s, rows), pick(t, rows), pick(m, rows), center(DataType.DOUBLE),
                    TEACHER_TEMP).loss();
            assertEquals(alone, perSample.getDouble(b), 1e-12, "sample " + b);
        }
    }

    /**
     * Four candidate views; for each sample, the student's patches of two views (one of each recipe)
     * are made to disagree with the teacher: that pair must score highest, and every candidate's
     * score must equal the per-sample loss of training on that pair alone.
     */
    @Test
    void candidateScoresFindAPlantedWorstPair() {
        int n = 4;
        int[][] planted = {{0, 3}, {2, 1}, {2, 3}};
        Random rng = new Random(13);
        double[][][] t = random3(14, n * B);
        double[][][] s = new double[n * B][T][K];
        for (int v = 0; v < n; v++) {
            for (int b = 0; b < B; b++) {
                boolean bad = planted[b][0] == v || planted[b][1] == v;
                for (int tok = 0; tok < T; tok++) {
                    for (int k = 0; k < K; k++) {
                        double teacher = t[v * B + b][tok][k];
                        s[v * B + b][tok][k] = (bad ? -3 * teacher : teacher) + 0.1 * rng.nextGaussian();
                    }
                }
            }
        }
        double[][] masks = new double[n * B][T];
        for (double[] row : masks) {
            for (int tok = 0; tok < T; tok++) {
                row[tok] = rng.nextBoolean() || tok == 0 ? 1 : 0;
            }
        }
        INDArray student = Nd4j.createFromArray(s);
        INDArray teacher = Nd4j.createFromArray(t);
        INDArray m = Nd4j.createFromArray(masks);
        INDArray c = center(DataType.DOUBLE);
        List<Candidate> candidates = DinoCandidates.enumerate(new int[] {0, 1, 0, 1}, 0, 0, 0, 0L);
        IbotPatchLoss loss = new IbotPatchLoss();
        INDArray scores = loss.candidateScores(student, teacher, m, c, TEACHER_TEMP, n, candidates);
        assertArrayEquals(new long[] {candidates.size(), B}, scores.shape());
        INDArray best = scores.argMax(0);
        for (int b = 0; b < B; b++) {
            Candidate chosen = candidates.get(best.getInt(b));
            assertEquals(Candidate.pair(planted[b][0], planted[b][1]), chosen, "sample " + b);
        }
        for (int ci = 0; ci < candidates.size(); ci++) {
            Candidate cand = candidates.get(ci);
            INDArray rows = Nd4j.concat(0, viewRows(student, cand.first()), viewRows(student, cand.second()));
            INDArray trows = Nd4j.concat(0, viewRows(teacher, cand.first()), viewRows(teacher, cand.second()));
            INDArray mrows = Nd4j.concat(0, viewRows(m, cand.first()), viewRows(m, cand.second()));
            INDArray trained = loss.perSample(rows, trows, mrows, c, TEACHER_TEMP, 2);
            assertTrue(trained.equalsWithEps(scores.getRow(ci), 1e-12), "candidate " + cand);
        }
        INDArray perView = loss.perView(student, teacher, m, c, TEACHER_TEMP, n);
        assertTrue(IbotPatchLoss.candidateScores(perView, candidates).equalsWithEps(scores, 1e-15));
    }

    private static INDArray viewRows(INDArray stacked, int v) {
        int[] rows = new int[B];
        for (int b = 0; b < B; b++) {
            rows[b] = v * B + b;
        }
        return pick(stacked, rows);
    }

    /** The given rows (first dimension) of a rank-2 or rank-3 array, stacked: a new array. */
    private static INDArray pick(INDArray a, int... rows) {
        INDArray[] parts = new INDArray[rows.length];
        for (int i = 0; i < rows.length; i++) {
            parts[i] = a.get(NDArrayIndex.interval(rows[i], rows[i] + 1)).dup();
        }
        return Nd4j.concat(0, parts);
    }

    @Test
    void updatedCenterIsTheEmaOfTheMeanOverAllTokens() {
        double[][][] t = random3(15, V * B);
        INDArray center = center(DataType.DOUBLE);
        INDArray before = center.dup();
        INDArray updated = IbotPatchLoss.updatedCenter(center, Nd4j.createFromArray(t), 0.9);
        assertArrayEquals(new long[] {1, 1, K}, updated.shape());
        assertEquals(before, center, "the centre passed in is not modified");
        for (int k = 0; k < K; k++) {
            double sum = 0;
            for (double[][] row : t) {
                for (double[] tok : row) {
                    sum += tok[k];
                }
            }
            double expected = 0.9 * CENTER[k] + 0.1 * sum / (V * B * T);
            assertEquals(expected, updated.getDouble(0, 0, k), 1e-12);
        }
        INDArray flat = IbotPatchLoss.updatedCenter(Nd4j.zeros(DataType.DOUBLE, K),
                Nd4j.createFromArray(t).reshape(V * B * T, K), 0.0);
        assertArrayEquals(new long[] {K}, flat.shape());
        assertEquals(Nd4j.createFromArray(t).reshape(V * B * T, K).mean(0), flat);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "student rank 2       | student must be a non-empty [V*B, T, K] array, got [6, 20]",
        "teacher shape        | teacher shape [6, 5, 3] differs from student shape [6, 5, 4]",
        "masks shape          | masks must be [6, 5] (rows x patch tokens of the student), got [6, 4]",
        "mask value 0.5       | masks must hold only 0 and 1, got 0.5 at [2, 3]",
        "mask value NaN       | masks must hold only 0 and 1, got NaN at [0, 0]",
        "center length        | center must have K=4 entries, got shape [1, 3]",
        "teacher temp 0       | teacherTemp must be > 0 and finite, got 0.0",
        "views not dividing   | rows must be numViews * B, got 6 rows for numViews=4",
        "no views             | numViews must be >= 1, got 0",
        "candidate view       | candidate (0,2) names a view >= numViews 2",
        "no candidates        | candidates must not be empty",
        "student temp         | studentTemp must be > 0 and finite, got -0.1",
        "negative lambda      | lambda must be >= 0 and finite, got -1.0",
        "momentum             | center momentum must be in [0, 1], got 1.5",
        "integer student      | student must be floating point, got INT",
    })
    void rejectsBadInputWithAClearMessage(String label, String message) {
        IbotPatchLoss loss = new IbotPatchLoss();
        INDArray s = Nd4j.createFromArray(random3(16, V * B));
        INDArray t = Nd4j.createFromArray(random3(17, V * B));
        INDArray m = Nd4j.createFromArray(MASKS);
        INDArray c = center(DataType.DOUBLE);
        Executable call = switch (label) {
            case "student rank 2" -> () -> loss.value(s.reshape(V * B, T * K), t, m, c, TEACHER_TEMP);
            case "teacher shape" -> () -> loss.value(s, t.get(NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(0, 3)), m, c, TEACHER_TEMP);
            case "masks shape" -> () -> loss.value(s, t, m.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)), c,
                    TEACHER_TEMP);
            case "mask value 0.5" -> () -> loss.value(s, t, m.dup().putScalar(2, 3, 0.5), c, TEACHER_TEMP);
            case "mask value NaN" -> () -> loss.value(s, t, m.dup().putScalar(0, 0, Double.NaN), c, TEACHER_TEMP);
            case "center length" -> () -> loss.value(s, t, m, Nd4j.zeros(DataType.DOUBLE, 1, 3), TEACHER_TEMP);
            case "teacher temp 0" -> () -> loss.value(s, t, m, c, 0.0);
            case "views not dividing" -> () -> loss.perSample(s, t, m, c, TEACHER_TEMP, 4);
            case "no views" -> () -> loss.perView(s, t, m, c, TEACHER_TEMP, 0);
            case "candidate view" -> () -> loss.candidateScores(s, t, m, c, TEACHER_TEMP, V,
                    List.of(Candidate.pair(0, 2)));
            case "no candidates" -> () -> loss.candidateScores(s, t, m, c, TEACHER_TEMP, V, new ArrayList<>());
            case "student temp" -> () -> new IbotPatchLoss(-0.1, 1.0);
            case "negative lambda" -> () -> new IbotPatchLoss(0.1, -1.0);
            case "momentum" -> () -> IbotPatchLoss.updatedCenter(c, t, 1.5);
            case "integer student" -> () -> loss.value(s.castTo(DataType.INT), t, m, c, TEACHER_TEMP);
            default -> throw new AssertionError(label);
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }
}
