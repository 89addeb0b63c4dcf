package org.hvs.ssl.loss;

import org.hvs.core.select.Candidate;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DinoLossTest {
    private static final int B = 3;
    private static final int K = 5;
    private static final double TEACHER_TEMP = 0.07;

    private static double[][] randomMatrix(Random rng, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int k = 0; k < cols; k++) {
                row[k] = rng.nextGaussian();
            }
        }
        return m;
    }

    /** 2 globals + 2 locals for the student, 2 globals for the teacher, a non-zero centre. */
    private static double[][][] fixedStudent() {
        Random rng = new Random(7);
        return new double[][][] {randomMatrix(rng, B, K), randomMatrix(rng, B, K), randomMatrix(rng, B, K),
                randomMatrix(rng, B, K)};
    }

    private static double[][][] fixedTeacher() {
        Random rng = new Random(11);
        return new double[][][] {randomMatrix(rng, B, K), randomMatrix(rng, B, K)};
    }

    private static final double[] CENTER = {0.3, -0.2, 0.1, 0.0, 0.5};

    private static List<INDArray> toList(double[][][] arrays, DataType type) {
        List<INDArray> out = new ArrayList<>();
        for (double[][] a : arrays) {
            out.add(Nd4j.createFromArray(a).castTo(type));
        }
        return out;
    }

    private static INDArray center(DataType type) {
        return Nd4j.createFromArray(new double[][] {CENTER}).castTo(type);
    }

    /** The formula with plain double loops: per-sample loss [B]. */
    private static double[] referencePerSample(double[][][] s, double[][][] t, double[] c, double tt, double ts) {
        double[] out = new double[B];
        int pairs = 0;
        for (int iq = 0; iq < t.length; iq++) {
            for (int v = 0; v < s.length; v++) {
                if (v == iq) {
                    continue;
                }
                pairs++;
                for (int b = 0; b < B; b++) {
                    double[] q = new double[K];
                    double qs = 0;
                    for (int k = 0; k < K; k++) {
                        q[k] = Math.exp((t[iq][b][k] - c[k]) / tt);
                        qs += q[k];
                    }
                    double ps = 0;
                    for (int k = 0; k < K; k++) {
                        ps += Math.exp(s[v][b][k] / ts);
                    }
                    for (int k = 0; k < K; k++) {
                        double logp = s[v][b][k] / ts - Math.log(ps);
                        out[b] -= q[k] / qs * logp;
                    }
                }
            }
        }
        for (int b = 0; b < B; b++) {
            out[b] /= pairs;
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
    void valueMatchesPlainJavaLoopsInDoubleAndFloat() {
        double[][][] s = fixedStudent();
        double[][][] t = fixedTeacher();
        double expected = mean(referencePerSample(s, t, CENTER, TEACHER_TEMP, 0.1));
        DinoLoss loss = new DinoLoss();
        double d = loss.compute(toList(s, DataType.DOUBLE), toList(t, DataType.DOUBLE), center(DataType.DOUBLE),
                TEACHER_TEMP).loss();
        assertEquals(expected, d, 1e-10);
        double f = loss.compute(toList(s, DataType.FLOAT), toList(t, DataType.FLOAT), center(DataType.FLOAT),
                TEACHER_TEMP).loss();
        assertEquals(expected, f, 1e-4);
        double mixed = loss.compute(toList(s, DataType.FLOAT), toList(t, DataType.DOUBLE), center(DataType.DOUBLE),
                TEACHER_TEMP).loss();
        assertEquals(expected, mixed, 1e-4, "a double teacher with a float student");
        assertTrue(expected > 0, "cross-entropy is positive");
    }

    @Test
    void studentTemperatureIsUsed() {
        double[][][] s = fixedStudent();
        double[][][] t = fixedTeacher();
        double expected = mean(referencePerSample(s, t, CENTER, TEACHER_TEMP, 0.2));
        double got = new DinoLoss(0.2).compute(toList(s, DataType.DOUBLE), toList(t, DataType.DOUBLE),
                center(DataType.DOUBLE), TEACHER_TEMP).loss();
        assertEquals(expected, got, 1e-10);
    }

    @Test
    void perSampleMatchesLoopsAndItsMeanIsTheLoss() {
        double[][][] s = fixedStudent();
        double[][][] t = fixedTeacher();
        DinoLoss loss = new DinoLoss();
        INDArray per = loss.perSample(toList(s, DataType.DOUBLE), toList(t, DataType.DOUBLE), center(DataType.DOUBLE),
                TEACHER_TEMP);
        assertArrayEquals(new long[] {B}, per.shape());
        assertArrayEquals(referencePerSample(s, t, CENTER, TEACHER_TEMP, 0.1), per.toDoubleVector(), 1e-10);
        double l = loss.compute(toList(s, DataType.DOUBLE), toList(t, DataType.DOUBLE), center(DataType.DOUBLE),
                TEACHER_TEMP).loss();
        assertEquals(l, per.meanNumber().doubleValue(), 1e-12);
    }

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        // logits of DINO's head are cosines times g (|s| <= 1 when g = 1); scaled so that no softmax
        // saturates and every gradient entry is far above the finite-difference round-off (~1e-10)
        double[][][] s = fixedStudent();
        for (double[][] view : s) {
            for (double[] row : view) {
                for (int k = 0; k < K; k++) {
                    row[k] *= 0.2;
                }
            }
        }
        double[][][] t = fixedTeacher();
        DinoLoss loss = new DinoLoss();
        List<INDArray> student = toList(s, DataType.DOUBLE);
        List<INDArray> teacher = toList(t, DataType.DOUBLE);
        INDArray c = center(DataType.DOUBLE);
        List<INDArray> grads = loss.compute(student, teacher, c, TEACHER_TEMP).gradStudent();
        assertEquals(4, grads.size());
        double eps = 1e-6;
        double maxRel = 0;
        for (int v = 0; v < student.size(); v++) {
            for (int b = 0; b < B; b++) {
                for (int k = 0; k < K; k++) {
                    double orig = student.get(v).getDouble(b, k);
                    student.get(v).putScalar(b, k, orig + eps);
                    double plus = loss.value(student, teacher, c, TEACHER_TEMP);
                    student.get(v).putScalar(b, k, orig - eps);
                    double minus = loss.value(student, teacher, c, TEACHER_TEMP);
                    student.get(v).putScalar(b, k, orig);
                    double numeric = (plus - minus) / (2 * eps);
                    double analytic = grads.get(v).getDouble(b, k);
                    double denom = Math.max(Math.abs(numeric) + Math.abs(analytic), 1e-8);
                    maxRel = Math.max(maxRel, Math.abs(numeric - analytic) / denom);
                }
            }
        }
        assertTrue(maxRel < 1e-5, "max relative error " + maxRel);
    }

    @Test
    void candidateScoresEqualPerSampleForEachCandidate() {
        Random rng = new Random(3);
        int n = 4;
        int locals = 3;
        List<INDArray> tg = new ArrayList<>();
        List<INDArray> sg = new ArrayList<>();
        List<INDArray> sl = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tg.add(Nd4j.createFromArray(randomMatrix(rng, B, K)));
            sg.add(Nd4j.createFromArray(randomMatrix(rng, B, K)));
        }
        for (int l = 0; l < locals; l++) {
            sl.add(Nd4j.createFromArray(randomMatrix(rng, B, K)));
        }
        INDArray c = center(DataType.DOUBLE);
        List<Candidate> cands = DinoLoss.candidates(new int[] {0, 1, 0, 1}, locals, 2, 0, 1L);
        assertEquals(12, cands.size());
        DinoLoss loss = new DinoLoss();
        INDArray scores = loss.candidateScores(Nd4j.concat(0, tg.toArray(new INDArray[0])),
                Nd4j.concat(0, sg.toArray(new INDArray[0])), sl, n, cands, c, TEACHER_TEMP);
        assertArrayEquals(new long[] {cands.size(), B}, scores.shape());
        for (int ci = 0; ci < cands.size(); ci++) {
            Candidate cand = cands.get(ci);
            List<INDArray> student = new ArrayList<>(List.of(sg.get(cand.first()), sg.get(cand.second())));
            for (int l : cand.locals()) {
                student.add(sl.get(l));
            }
            INDArray per = loss.perSample(student, List.of(tg.get(cand.first()), tg.get(cand.second())), c,
                    TEACHER_TEMP);
            assertArrayEquals(per.toDoubleVector(), scores.getRow(ci).toDoubleVector(), 1e-12, "candidate " + cand);
        }
        // pairs only: the same, with no locals
        List<Candidate> pairs = DinoLoss.candidates(new int[] {0, 1, 0, 1}, 0, 0, 0, 1L);
        INDArray pairScores = loss.candidateScores(Nd4j.concat(0, tg.toArray(new INDArray[0])),
                Nd4j.concat(0, sg.toArray(new INDArray[0])), List.of(), n, pairs, c, TEACHER_TEMP);
        Candidate p = pairs.get(3);
        INDArray per = loss.perSample(List.of(sg.get(p.first()), sg.get(p.second())),
                List.of(tg.get(p.first()), tg.get(p.second())), c, TEACHER_TEMP);
        assertArrayEquals(per.toDoubleVector(), pairScores.getRow(3).toDoubleVector(), 1e-12);
    }

    @Test
    void candidateScoresRejectBadInput() {
        DinoLoss loss = new DinoLoss();
        INDArray g = Nd4j.rand(DataType.DOUBLE, 2 * B, K);
        INDArray c = Nd4j.zeros(DataType.DOUBLE, 1, K);
        List<Candidate> ok = List.of(Candidate.pair(0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.candidateScores(g, g, List.of(), 4, ok, c, 0.04));
        assertTrue(e.getMessage().contains("numGlobals=4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> loss.candidateScores(g, g, List.of(), 2, List.of(Candidate.pair(0, 2)), c, 0.04));
        assertTrue(e.getMessage().contains("(0,2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> loss.candidateScores(g, g, List.of(), 2, List.of(new Candidate(0, 1, new int[] {0})), c, 0.04));
        assertTrue(e.getMessage().contains("local crop 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> loss.candidateScores(g, g.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, B),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()), List.of(), 2, ok, c, 0.04));
        assertTrue(e.getMessage().contains("studentGlobals shape"), e.getMessage());
    }

    @Test
    void updatedCenterByHand() {
        INDArray center = Nd4j.createFromArray(new double[][] {{1, 2}});
        List<INDArray> teacher = List.of(Nd4j.createFromArray(new double[][] {{1, 0}, {3, 0}}),
                Nd4j.createFromArray(new double[][] {{0, 4}, {0, 8}}));
        // mean over the 4 rows = (1, 3); 0.9 * (1, 2) + 0.1 * (1, 3) = (1.0, 2.1)
        INDArray updated = DinoLoss.updatedCenter(center, teacher, 0.9);
        assertArrayEquals(new double[] {1.0, 2.1}, updated.toDoubleVector(), 1e-12);
        assertArrayEquals(new long[] {1, 2}, updated.shape());
        assertArrayEquals(new double[] {1, 2}, center.toDoubleVector(), 0, "the input centre is not modified");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DinoLoss.updatedCenter(center, teacher, 1.5));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void entropyAndKl() {
        INDArray uniform = Nd4j.valueArrayOf(new long[] {2, 4}, 0.25, DataType.DOUBLE);
        assertEquals(Math.log(4), DinoLoss.entropy(uniform), 1e-12);
        INDArray onehot = Nd4j.createFromArray(new double[][] {{1, 0, 0, 0}, {0, 0, 1, 0}});
        assertEquals(0, DinoLoss.entropy(onehot), 1e-12);
        assertEquals(0, DinoLoss.klTeacherStudent(uniform, uniform), 1e-12);
        // KL(onehot || uniform) = ln 4 per row
        assertEquals(Math.log(4), DinoLoss.klTeacherStudent(onehot, uniform), 1e-12);
        // q = (0.5, 0.5), p = (0.25, 0.75): 0.5 ln 2 + 0.5 ln (2/3)
        INDArray q = Nd4j.createFromArray(new double[][] {{0.5, 0.5}});
        INDArray p = Nd4j.createFromArray(new double[][] {{0.25, 0.75}});
        assertEquals(0.5 * Math.log(2) + 0.5 * Math.log(2.0 / 3), DinoLoss.klTeacherStudent(q, p), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DinoLoss.klTeacherStudent(q, uniform));
        assertTrue(e.getMessage().contains("[1, 2]"), e.getMessage());
    }

    @Test
    void collapsedTeacherGivesLossNearLnK() {
        // a constant teacher output after centring is uniform: the loss is then >= ln K
        INDArray t = Nd4j.ones(DataType.DOUBLE, B, K);
        INDArray s = Nd4j.zeros(DataType.DOUBLE, B, K);
        double l = new DinoLoss().compute(List.of(s, s), List.of(t, t), Nd4j.ones(DataType.DOUBLE, 1, K), 0.04).loss();
        assertEquals(Math.log(K), l, 1e-12);
        assertEquals(Math.log(K), DinoLoss.entropy(DinoLoss.teacherProbs(t, Nd4j.zeros(DataType.DOUBLE, K), 0.04)),
                1e-12);
    }

    @Test
    void validation() {
        DinoLoss loss = new DinoLoss();
        INDArray a = Nd4j.rand(DataType.DOUBLE, B, K);
        INDArray c = Nd4j.zeros(DataType.DOUBLE, 1, K);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DinoLoss(-0.1));
        assertTrue(e.getMessage().contains("studentTemp must be > 0 and finite, got -0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss.compute(List.of(a, a), List.of(a, a), c, 0));
        assertTrue(e.getMessage().contains("teacherTemp must be > 0 and finite, got 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss.compute(List.of(a), List.of(a, a), c, 0.04));
        assertTrue(e.getMessage().contains("student views (1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss.compute(List.of(a), List.of(a), c, 0.04));
        assertTrue(e.getMessage().contains("no teacher/student pair"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(List.of(a, Nd4j.rand(DataType.DOUBLE, B, K + 1)), List.of(a), c, 0.04));
        assertTrue(e.getMessage().contains("student[1]") && e.getMessage().contains("[3, 6]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(List.of(a, a), List.of(a), Nd4j.zeros(DataType.DOUBLE, 1, K + 1), 0.04));
        assertTrue(e.getMessage().contains("center must have K=5"), e.getMessage());
        assertThrows(NullPointerException.class, () -> loss.compute(null, List.of(a), c, 0.04));
    }
}
