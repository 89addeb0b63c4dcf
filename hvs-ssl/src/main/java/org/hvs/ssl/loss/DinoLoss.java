package org.hvs.ssl.loss;

import org.hvs.core.select.Candidate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * DINO's cross-entropy between a centred, sharpened teacher and the student (Caron et al.,
 * "Emerging Properties in Self-Supervised Vision Transformers", 2021; {@code DINOLoss} in
 * facebookresearch/dino {@code main_dino.py}):
 *
 * <pre>
 *   q_i = softmax((t_i - c) / teacherTemp)          (teacher, global view i, no gradient)
 *   p_v = softmax(s_v / studentTemp)                (student, view v: globals first, then locals)
 *   L   = mean over pairs (i, v), v != i, of  mean_b  -sum_k q_i[b,k] log p_v[b,k]
 * </pre>
 *
 * <p>Pure ND4J math, float or double. The loss is stateless: the centre {@code c} and the teacher
 * temperature are arguments, and the trainer updates the centre explicitly with
 * {@link #updatedCenter}. The gradient with respect to each student view is analytic:
 * {@code dL/ds_v = sum_{i != v} (p_v - q_i) / (studentTemp * B * pairs)}.
 *
 * <pre>{@code
 * DinoLoss loss = new DinoLoss();                       // student temperature 0.1
 * DinoLoss.Result r = loss.compute(studentOuts, teacherOuts, center, 0.04);
 * center = DinoLoss.updatedCenter(center, teacherOuts, 0.9);
 * }</pre>
 *
 * <p>For Hard View Selection, {@link #candidateScores} gives every candidate's per-sample loss from
 * one batched forward, and {@link DinoCandidates#enumerate} enumerates the candidates.
 */
public final class DinoLoss {
    /** DINO's default student temperature. */
    public static final double DEFAULT_STUDENT_TEMP = 0.1;

    private final double studentTemp;

    /** A loss with the default student temperature 0.1. */
    public DinoLoss() {
        this(DEFAULT_STUDENT_TEMP);
    }

    /** @param studentTemp the student softmax temperature, &gt; 0 */
    public DinoLoss(double studentTemp) {
        requireTemp(studentTemp, "studentTemp");
        this.studentTemp = studentTemp;
    }

    public double studentTemp() {
        return studentTemp;
    }

    /**
     * The loss value and its gradient with respect to each student view's logits.
     *
     * @param loss        the batch-mean loss
     * @param gradStudent {@code dLoss/dStudent_v}, one {@code [B, K]} array per student view, in order
     */
    public record Result(double loss, List<INDArray> gradStudent) {
        public Result {
            Objects.requireNonNull(gradStudent, "gradStudent");
            gradStudent = List.copyOf(gradStudent);
        }
    }

    /**
     * Loss and gradient.
     *
     * @param student     student logits per view, globals first then locals, each {@code [B, K]}
     * @param teacher     teacher logits for the global views, each {@code [B, K]}
     * @param center      the teacher centre, {@code [1, K]} or {@code [K]}
     * @param teacherTemp the teacher temperature, &gt; 0
     */
    public Result compute(List<INDArray> student, List<INDArray> teacher, INDArray center, double teacherTemp) {
        int k = validate(student, teacher, center, teacherTemp);
        List<INDArray> q = new ArrayList<>(teacher.size());
        for (INDArray t : teacher) {
            q.add(teacherProbs(t, center, teacherTemp).castTo(student.get(0).dataType()));
        }
        long b = student.get(0).size(0);
        int pairs = pairCount(student.size(), teacher.size());
        double total = 0;
        List<INDArray> grads = new ArrayList<>(student.size());
        for (int v = 0; v < student.size(); v++) {
            INDArray logp = logSoftmax(student.get(v), studentTemp);
            INDArray p = Transforms.exp(logp);
            INDArray grad = Nd4j.zeros(logp.dataType(), b, k);
            for (int i = 0; i < q.size(); i++) {
                if (i == v) {
                    continue;
                }
                total += -q.get(i).mul(logp).sumNumber().doubleValue() / b;
                grad.addi(p).subi(q.get(i));
            }
            grads.add(grad.divi(studentTemp * b * pairs));
        }
        return new Result(total / pairs, grads);
    }

    /** Only the loss value (same arguments as {@link #compute}). */
    public double value(List<INDArray> student, List<INDArray> teacher, INDArray center, double teacherTemp) {
        return perSample(student, teacher, center, teacherTemp).meanNumber().doubleValue();
    }

    /**
     * Each sample's term of the loss: {@code [B]}, whose mean is {@link #compute}'s loss (same arguments).
     */
    public INDArray perSample(List<INDArray> student, List<INDArray> teacher, INDArray center, double teacherTemp) {
        validate(student, teacher, center, teacherTemp);
        List<INDArray> q = new ArrayList<>(teacher.size());
        for (INDArray t : teacher) {
            q.add(teacherProbs(t, center, teacherTemp).castTo(student.get(0).dataType()));
        }
        INDArray sum = Nd4j.zeros(student.get(0).dataType(), student.get(0).size(0));
        for (int v = 0; v < student.size(); v++) {
            INDArray logp = logSoftmax(student.get(v), studentTemp);
            for (int i = 0; i < q.size(); i++) {
                if (i != v) {
                    sum.subi(q.get(i).mul(logp).sum(1));
                }
            }
        }
        return sum.divi(pairCount(student.size(), teacher.size()));
    }

    /**
     * Every candidate's per-sample loss, vectorised over samples, from one batched forward of all
     * candidate views: entry (c, b) is sample b's {@link #perSample} value if it were trained on
     * global views {@code (first, second)} of candidate c (teacher and student) and c's local crops
     * (student only). The paper's code (automl/hvp, dino branch) sums the terms instead of averaging
     * them; with the same number of locals per candidate the ranking is the same.
     *
     * @param teacherGlobals teacher logits of the global views, view-major {@code [N*B, K]}
     * @param studentGlobals student logits of the same global views, view-major {@code [N*B, K]}
     * @param studentLocals  student logits of each local crop, {@code [B, K]} each (may be empty)
     * @param numGlobals     N, the number of global views
     * @return {@code [candidates, B]}
     */
    public INDArray candidateScores(INDArray teacherGlobals, INDArray studentGlobals, List<INDArray> studentLocals,
                                    int numGlobals, List<Candidate> candidates, INDArray center, double teacherTemp) {
        Objects.requireNonNull(teacherGlobals, "teacherGlobals");
        Objects.requireNonNull(studentGlobals, "studentGlobals");
        Objects.requireNonNull(studentLocals, "studentLocals");
        Objects.requireNonNull(candidates, "candidates");
        requireTemp(teacherTemp, "teacherTemp");
        if (numGlobals < 2) {
            throw new IllegalArgumentException("numGlobals must be >= 2, got " + numGlobals);
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates must not be empty");
        }
        if (teacherGlobals.rank() != 2 || teacherGlobals.size(0) % numGlobals != 0) {
            throw new IllegalArgumentException("teacherGlobals must be [numGlobals*B, K] with numGlobals=" + numGlobals
                    + ", got " + Arrays.toString(teacherGlobals.shape()));
        }
        if (!Arrays.equals(teacherGlobals.shape(), studentGlobals.shape())) {
            throw new IllegalArgumentException("studentGlobals shape " + Arrays.toString(studentGlobals.shape())
                    + " differs from teacherGlobals shape " + Arrays.toString(teacherGlobals.shape()));
        }
        long b = teacherGlobals.size(0) / numGlobals;
        long k = teacherGlobals.size(1);
        checkCenter(center, k);
        for (int l = 0; l < studentLocals.size(); l++) {
            INDArray s = Objects.requireNonNull(studentLocals.get(l), "studentLocals[" + l + "]");
            if (s.rank() != 2 || s.size(0) != b || s.size(1) != k) {
                throw new IllegalArgumentException("studentLocals[" + l + "] must be [" + b + ", " + k + "], got "
                        + Arrays.toString(s.shape()));
            }
        }
        for (Candidate c : candidates) {
            Objects.requireNonNull(c, "candidate");
            if (c.first() >= numGlobals || c.second() >= numGlobals) {
                throw new IllegalArgumentException("candidate " + c + " names a global view >= numGlobals " + numGlobals);
            }
            for (int l : c.locals()) {
                if (l < 0 || l >= studentLocals.size()) {
                    throw new IllegalArgumentException("candidate " + c + " names local crop " + l + " but there are "
                            + studentLocals.size());
                }
            }
        }
        INDArray q = teacherProbs(teacherGlobals, center, teacherTemp).castTo(studentGlobals.dataType());
        INDArray logpGlobal = logSoftmax(studentGlobals, studentTemp);
        List<INDArray> logpLocal = new ArrayList<>(studentLocals.size());
        for (INDArray s : studentLocals) {
            logpLocal.add(logSoftmax(s, studentTemp));
        }
        // cross-entropy of (teacher global i, student view j) per sample, computed once, on demand
        INDArray[][] ceGlobal = new INDArray[numGlobals][numGlobals];
        INDArray[][] ceLocal = new INDArray[numGlobals][studentLocals.size()];
        INDArray out = Nd4j.create(studentGlobals.dataType(), candidates.size(), b);
        for (int ci = 0; ci < candidates.size(); ci++) {
            Candidate c = candidates.get(ci);
            int[] views = {c.first(), c.second()};
            INDArray sum = Nd4j.zeros(studentGlobals.dataType(), b);
            for (int t = 0; t < 2; t++) {
                int i = views[t];
                int other = views[1 - t];
                if (ceGlobal[i][other] == null) {
                    ceGlobal[i][other] = crossEntropy(rows(q, i, b), rows(logpGlobal, other, b));
                }
                sum.addi(ceGlobal[i][other]);
                for (int l : c.locals()) {
                    if (ceLocal[i][l] == null) {
                        ceLocal[i][l] = crossEntropy(rows(q, i, b), logpLocal.get(l));
                    }
                    sum.addi(ceLocal[i][l]);
                }
            }
            out.getRow(ci).assign(sum.divi(2.0 * (1 + c.numLocals())));
        }
        return out;
    }

    /** The centre EMA: a NEW array {@code center*m + mean over all teacher rows * (1-m)}, shaped like center. */
    public static INDArray updatedCenter(INDArray center, List<INDArray> teacher, double momentum) {
        Objects.requireNonNull(center, "center");
        Objects.requireNonNull(teacher, "teacher");
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("center momentum must be in [0, 1], got " + momentum);
        }
        if (teacher.isEmpty()) {
            throw new IllegalArgumentException("teacher outputs must not be empty");
        }
        long k = center.length();
        INDArray sum = Nd4j.zeros(center.dataType(), 1, k);
        long rows = 0;
        for (int i = 0; i < teacher.size(); i++) {
            INDArray t = Objects.requireNonNull(teacher.get(i), "teacher[" + i + "]");
            if (t.rank() != 2 || t.size(1) != k) {
                throw new IllegalArgumentException("teacher[" + i + "] must be [B, " + k + "], got "
                        + Arrays.toString(t.shape()));
            }
            sum.addi(t.sum(true, 0).castTo(center.dataType()));
            rows += t.size(0);
        }
        INDArray batchCenter = sum.divi(rows).reshape(center.shape());
        return center.mul(momentum).addi(batchCenter.muli(1 - momentum));
    }

    /** {@code softmax((t - center) / teacherTemp)} row-wise: the teacher's target distribution. */
    public static INDArray teacherProbs(INDArray teacherLogits, INDArray center, double teacherTemp) {
        requireTemp(teacherTemp, "teacherTemp");
        INDArray c = center.reshape(1, center.length()).castTo(teacherLogits.dataType());
        return Transforms.exp(logSoftmax(teacherLogits.subRowVector(c), teacherTemp));
    }

    /** Row-wise {@code log_softmax(logits / temp)}, computed stably; a new array. */
    public static INDArray logSoftmax(INDArray logits, double temp) {
        INDArray z = logits.div(temp);
        z.subiColumnVector(z.max(true, 1));
        INDArray logSum = Transforms.log(Transforms.exp(z).sum(true, 1));
        return z.subiColumnVector(logSum);
    }

    /** Mean over rows of the entropy {@code -sum_k q_k ln q_k} of a probability matrix {@code [B, K]}. */
    public static double entropy(INDArray probs) {
        requireMatrix(probs, "probs");
        INDArray logq = Transforms.log(clampLow(probs));
        return -probs.mul(logq).sumNumber().doubleValue() / probs.size(0);
    }

    /**
     * Mean over rows of {@code KL(q || p) = sum_k q_k (ln q_k - ln p_k)} between the teacher's and the
     * student's probability matrices. With DINO's loss {@code = H(q) + KL}, a loss near ln K with
     * KL near 0 and entropy near ln K signals collapse to the uniform distribution.
     */
    public static double klTeacherStudent(INDArray teacherProbs, INDArray studentProbs) {
        requireMatrix(teacherProbs, "teacherProbs");
        requireMatrix(studentProbs, "studentProbs");
        if (!Arrays.equals(teacherProbs.shape(), studentProbs.shape())) {
            throw new IllegalArgumentException("teacherProbs shape " + Arrays.toString(teacherProbs.shape())
                    + " differs from studentProbs shape " + Arrays.toString(studentProbs.shape()));
        }
        INDArray diff = Transforms.log(clampLow(teacherProbs)).subi(Transforms.log(clampLow(studentProbs)));
        return teacherProbs.mul(diff).sumNumber().doubleValue() / teacherProbs.size(0);
    }

    /** The candidates for DINO's Hard View Selection; see {@link DinoCandidates#enumerate}. */
    public static List<Candidate> candidates(int[] globalRecipeIndex, int numLocals, int localsPerCandidate, int limit,
                                             long seed) {
        return DinoCandidates.enumerate(globalRecipeIndex, numLocals, localsPerCandidate, limit, seed);
    }

    private static INDArray crossEntropy(INDArray q, INDArray logp) {
        return q.mul(logp).sum(1).negi();
    }

    private static INDArray rows(INDArray stacked, int view, long b) {
        return stacked.get(NDArrayIndex.interval(view * b, (view + 1) * b),
                NDArrayIndex.all());
    }

    private static INDArray clampLow(INDArray probs) {
        double tiny = probs.dataType() == DataType.DOUBLE ? 1e-300 : 1e-38;
        return Transforms.max(probs, tiny, true);
    }

    private static int pairCount(int numStudent, int numTeacher) {
        int pairs = numStudent * numTeacher - Math.min(numStudent, numTeacher);
        if (pairs <= 0) {
            throw new IllegalArgumentException("no teacher/student pair with different views: student views "
                    + numStudent + ", teacher views " + numTeacher);
        }
        return pairs;
    }

    private static int validate(List<INDArray> student, List<INDArray> teacher, INDArray center, double teacherTemp) {
        Objects.requireNonNull(student, "student");
        Objects.requireNonNull(teacher, "teacher");
        requireTemp(teacherTemp, "teacherTemp");
        if (teacher.isEmpty()) {
            throw new IllegalArgumentException("teacher outputs must not be empty");
        }
        if (student.size() < teacher.size()) {
            throw new IllegalArgumentException("student views (" + student.size()
                    + ") must include the teacher's global views (" + teacher.size() + ")");
        }
        pairCount(student.size(), teacher.size());
        INDArray ref = Objects.requireNonNull(student.get(0), "student[0]");
        requireMatrix(ref, "student[0]");
        List<INDArray> all = new ArrayList<>(student);
        all.addAll(teacher);
        for (int i = 0; i < all.size(); i++) {
            String name = i < student.size() ? "student[" + i + "]" : "teacher[" + (i - student.size()) + "]";
            INDArray a = Objects.requireNonNull(all.get(i), name);
            if (!Arrays.equals(a.shape(), ref.shape())) {
                throw new IllegalArgumentException(name + " must be " + Arrays.toString(ref.shape())
                        + " like student[0], got " + Arrays.toString(a.shape()));
            }
        }
        checkCenter(center, ref.size(1));
        return (int) ref.size(1);
    }

    private static void checkCenter(INDArray center, long k) {
        Objects.requireNonNull(center, "center");
        if (center.length() != k) {
            throw new IllegalArgumentException("center must have K=" + k + " entries, got shape "
                    + Arrays.toString(center.shape()));
        }
    }

    private static void requireMatrix(INDArray a, String name) {
        Objects.requireNonNull(a, name);
        if (a.rank() != 2 || a.size(0) == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty [B, K] matrix, got "
                    + Arrays.toString(a.shape()));
        }
    }

    private static void requireTemp(double temp, String name) {
        if (!(temp > 0) || Double.isInfinite(temp)) {
            throw new IllegalArgumentException(name + " must be > 0 and finite, got " + temp);
        }
    }
}
