package org.hvs.ssl.loss;

import org.hvs.core.select.Candidate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * iBOT's masked patch-token self-distillation term (Zhou et al., "iBOT: Image BERT Pre-Training with
 * Online Tokenizer", 2022; the {@code v == q} branch of {@code iBOTLoss} in bytedance/ibot
 * {@code main_ibot.py}). For every global view {@code v}, sample {@code b} and patch token {@code t}:
 *
 * <pre>
 *   q[v,b,t] = softmax((teacher[v,b,t] - center2) / teacherTemp2)     (teacher saw view v unmasked)
 *   ce[v,b,t] = -sum_k q[v,b,t,k] log softmax(student[v,b,t] / studentTemp)_k   (student saw it masked)
 *   term[v,b] = lambda2 * sum_t m[v,b,t] ce[v,b,t] / max(1, sum_t m[v,b,t])
 *   L = mean over views v and samples b of term[v,b]
 * </pre>
 *
 * The teacher and the student see the <em>same</em> view (iBOT pairs teacher view q with student view
 * v only when {@code q == v} for this term); a sample whose mask is empty contributes 0 thanks to the
 * {@code clamp(min=1)}, and still counts in the mean, as in iBOT.
 *
 * <p>Layout: logits are {@code [V*B, T, K]}, view-major (row {@code v*B + b} is view v of sample b,
 * like iBOT's {@code chunk} over the concatenated global crops and like the other losses' stacks),
 * T patch tokens (no CLS token) and K head outputs; masks are {@code [V*B, T]} of 0/1, as
 * {@link org.hvs.ssl.mask.BlockMasking#masks} makes them.
 *
 * <p>Stateless, like {@link DinoLoss}: the patch centre {@code center2} and the patch teacher
 * temperature are arguments; the trainer updates the centre with {@link #updatedCenter} (iBOT's
 * {@code update_center}, momentum 0.9) and schedules the temperature (iBOT: 0.04 warming to 0.07 over
 * 30 epochs). The gradient with respect to the student logits is analytic:
 * {@code dL/ds[v,b,t] = lambda2 * m[v,b,t] / max(1, M[v,b]) * (p - q) / (studentTemp * V * B)};
 * masked-out tokens get exactly zero.
 *
 * <pre>{@code
 * IbotPatchLoss loss = new IbotPatchLoss();                                  // studentTemp 0.1, lambda2 1
 * IbotPatchLoss.Result r = loss.compute(studentPatch, teacherPatch, masks, center2, 0.04);
 * center2 = IbotPatchLoss.updatedCenter(center2, teacherPatch, 0.9);
 * }</pre>
 *
 * <p>For Hard View Selection (iBOT: score = CLS term + this term, student forwarded with its masks)
 * {@link #perView} gives every candidate view's term from one batched forward and
 * {@link #candidateScores(INDArray, List)} combines them into {@code [candidates, B]}.
 */
public final class IbotPatchLoss {
    /** iBOT's student temperature. */
    public static final double DEFAULT_STUDENT_TEMP = 0.1;
    /** iBOT's {@code lambda2}, the weight of the patch term. */
    public static final double DEFAULT_LAMBDA = 1.0;
    /** iBOT's {@code center_momentum2}. */
    public static final double DEFAULT_CENTER_MOMENTUM = 0.9;
    /** iBOT's {@code warmup_teacher_patch_temp}, the patch teacher temperature at epoch 0. */
    public static final double DEFAULT_WARMUP_TEACHER_TEMP = 0.04;
    /** iBOT's {@code teacher_patch_temp}, reached after {@code warmup_teacher_temp_epochs} (30). */
    public static final double DEFAULT_TEACHER_TEMP = 0.07;

    private final double studentTemp;
    private final double lambda;

    /** Student temperature 0.1, weight 1. */
    public IbotPatchLoss() {
        this(DEFAULT_STUDENT_TEMP, DEFAULT_LAMBDA);
    }

    /**
     * @param studentTemp the student softmax temperature, &gt; 0
     * @param lambda      the weight of the patch term ({@code lambda2}), &gt;= 0
     */
    public IbotPatchLoss(double studentTemp, double lambda) {
        requireTemp(studentTemp, "studentTemp");
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be >= 0 and finite, got " + lambda);
        }
        this.studentTemp = studentTemp;
        this.lambda = lambda;
    }

    public double studentTemp() {
        return studentTemp;
    }

    public double lambda() {
        return lambda;
    }

    /**
     * The loss value and its gradient.
     *
     * @param loss        the mean over views and samples, weighted by lambda
     * @param gradStudent {@code dLoss/dStudent}, {@code [V*B, T, K]} like the student logits
     */
    public record Result(double loss, INDArray gradStudent) {
        public Result {
            Objects.requireNonNull(gradStudent, "gradStudent");
        }
    }

    /**
     * Loss and gradient with respect to the student patch logits.
     *
     * @param student     student patch logits of the masked views, {@code [V*B, T, K]}
     * @param teacher     teacher patch logits of the same views unmasked, {@code [V*B, T, K]}
     * @param masks       0/1 masks, {@code [V*B, T]} (any numeric type)
     * @param center      the patch centre, K entries (e.g. {@code [1, 1, K]} as iBOT's {@code center2})
     * @param teacherTemp the patch teacher temperature, &gt; 0
     */
    public Result compute(INDArray student, INDArray teacher, INDArray masks, INDArray center, double teacherTemp) {
        Terms terms = terms(student, teacher, masks, center, teacherTemp);
        long rows = terms.rows;
        double loss = terms.rowTerms.meanNumber().doubleValue();
        // weight of each token: lambda * m / max(1, M) / rows, then (p - q) / studentTemp
        INDArray w = terms.mask.divColumnVector(terms.denom).muli(lambda / (rows * studentTemp))
                .reshape(rows * terms.tokens, 1);
        INDArray grad = Transforms.exp(terms.logp).subi(terms.q).muliColumnVector(w);
        return new Result(loss, grad.reshape(student.shape()));
    }

    /** Only the loss value (same arguments as {@link #compute}). */
    public double value(INDArray student, INDArray teacher, INDArray masks, INDArray center, double teacherTemp) {
        return terms(student, teacher, masks, center, teacherTemp).rowTerms.meanNumber().doubleValue();
    }

    /**
     * Each view's and sample's term {@code term[v,b]} (weighted by lambda): {@code [V, B]}, whose
     * mean is the loss. Arguments as {@link #compute}, with {@code numViews = V}.
     */
    public INDArray perView(INDArray student, INDArray teacher, INDArray masks, INDArray center, double teacherTemp,
                            int numViews) {
        Terms terms = terms(student, teacher, masks, center, teacherTemp);
        long b = batchOf(terms.rows, numViews);
        return terms.rowTerms.reshape(numViews, b);
    }

    /**
     * Each sample's term of the loss, the mean of {@link #perView} over views: {@code [B]}, whose mean
     * is {@link #compute}'s loss.
     */
    public INDArray perSample(INDArray student, INDArray teacher, INDArray masks, INDArray center, double teacherTemp,
                              int numViews) {
        return perView(student, teacher, masks, center, teacherTemp, numViews).mean(0);
    }

    /**
     * Every candidate's per-sample patch term from one batched forward of all N candidate views
     * (student with the views' masks, teacher without): entry (c, b) is sample b's
     * {@link #perSample} value had it been trained on global views {@code (first, second)} of c, i.e.
     * {@code (term[first,b] + term[second,b]) / 2}, as the paper's code ({@code hv_forward}) scores
     * the patch part. Local crops of a candidate do not enter the patch term (iBOT gives them only a
     * CLS term).
     *
     * @return {@code [candidates, B]}
     */
    public INDArray candidateScores(INDArray student, INDArray teacher, INDArray masks, INDArray center,
                                    double teacherTemp, int numViews, List<Candidate> candidates) {
        checkCandidates(candidates, numViews);
        return candidateScores(perView(student, teacher, masks, center, teacherTemp, numViews), candidates);
    }

    /**
     * Candidate scores from precomputed {@link #perView} terms {@code [N, B]}: row c is
     * {@code (perView[first] + perView[second]) / 2}.
     */
    public static INDArray candidateScores(INDArray perView, List<Candidate> candidates) {
        Objects.requireNonNull(perView, "perView");
        if (perView.rank() != 2 || perView.size(0) < 1 || perView.size(1) < 1) {
            throw new IllegalArgumentException("perView must be a non-empty [N, B] matrix, got "
                    + Arrays.toString(perView.shape()));
        }
        checkCandidates(candidates, (int) perView.size(0));
        INDArray out = Nd4j.create(perView.dataType(), candidates.size(), perView.size(1));
        for (int c = 0; c < candidates.size(); c++) {
            Candidate cand = candidates.get(c);
            out.getRow(c).assign(perView.getRow(cand.first()).add(perView.getRow(cand.second())).muli(0.5));
        }
        return out;
    }

    /**
     * iBOT's patch-centre EMA, a NEW array shaped like {@code center}:
     * {@code center * m + mean over all samples and tokens of teacher * (1 - m)}.
     *
     * @param teacher teacher patch logits {@code [R, T, K]} (all global views), or {@code [rows, K]}
     */
    public static INDArray updatedCenter(INDArray center, INDArray teacher, double momentum) {
        Objects.requireNonNull(center, "center");
        Objects.requireNonNull(teacher, "teacher");
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("center momentum must be in [0, 1], got " + momentum);
        }
        if ((teacher.rank() != 2 && teacher.rank() != 3) || teacher.length() == 0) {
            throw new IllegalArgumentException("teacher must be a non-empty [R, T, K] or [rows, K] array, got "
                    + Arrays.toString(teacher.shape()));
        }
        long k = teacher.size(teacher.rank() - 1);
        checkCenter(center, k);
        INDArray flat = teacher.reshape(teacher.length() / k, k);
        INDArray batchCenter = flat.mean(true, 0).castTo(center.dataType()).reshape(center.shape());
        return center.mul(momentum).addi(batchCenter.muli(1 - momentum));
    }

    /** Intermediate arrays shared by the value, the gradient and the scores. */
    private record Terms(long rows, long tokens, INDArray q, INDArray logp, INDArray mask, INDArray denom,
                         INDArray rowTerms) {
    }

    private Terms terms(INDArray student, INDArray teacher, INDArray masks, INDArray center, double teacherTemp) {
        validate(student, teacher, masks, center, teacherTemp);
        long rows = student.size(0);
        long t = student.size(1);
        long k = student.size(2);
        DataType type = student.dataType();
        INDArray s2 = student.reshape('c', rows * t, k);
        INDArray t2 = teacher.castTo(type).reshape('c', rows * t, k);
        INDArray q = DinoLoss.teacherProbs(t2, center, teacherTemp);
        INDArray logp = DinoLoss.logSoftmax(s2, studentTemp);
        INDArray ce = q.mul(logp).sum(1).negi().reshape(rows, t);
        INDArray m = masks.castTo(type);
        INDArray denom = Transforms.max(m.sum(1), 1.0, false).reshape(rows, 1);
        INDArray rowTerms = ce.muli(m).sum(1).reshape(rows, 1).divi(denom).muli(lambda).reshape(rows);
        return new Terms(rows, t, q, logp, m, denom, rowTerms);
    }

    private static long batchOf(long rows, int numViews) {
        if (numViews < 1) {
            throw new IllegalArgumentException("numViews must be >= 1, got " + numViews);
        }
        if (rows % numViews != 0) {
            throw new IllegalArgumentException("rows must be numViews * B, got " + rows + " rows for numViews="
                    + numViews);
        }
        return rows / numViews;
    }

    private static void checkCandidates(List<Candidate> candidates, int numViews) {
        Objects.requireNonNull(candidates, "candidates");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates must not be empty");
        }
        for (Candidate c : candidates) {
            Objects.requireNonNull(c, "candidate");
            if (c.first() >= numViews || c.second() >= numViews) {
                throw new IllegalArgumentException("candidate " + c + " names a view >= numViews " + numViews);
            }
        }
    }

    private static void validate(INDArray student, INDArray teacher, INDArray masks, INDArray center,
                                 double teacherTemp) {
        Objects.requireNonNull(student, "student");
        Objects.requireNonNull(teacher, "teacher");
        Objects.requireNonNull(masks, "masks");
        requireTemp(teacherTemp, "teacherTemp");
        if (student.rank() != 3 || student.length() == 0) {
            throw new IllegalArgumentException("student must be a non-empty [V*B, T, K] array, got "
                    + Arrays.toString(student.shape()));
        }
        if (!student.dataType().isFPType()) {
            throw new IllegalArgumentException("student must be floating point, got " + student.dataType());
        }
        if (!Arrays.equals(student.shape(), teacher.shape())) {
            throw new IllegalArgumentException("teacher shape " + Arrays.toString(teacher.shape())
                    + " differs from student shape " + Arrays.toString(student.shape()));
        }
        long rows = student.size(0);
        long t = student.size(1);
        if (masks.rank() != 2 || masks.size(0) != rows || masks.size(1) != t) {
            throw new IllegalArgumentException("masks must be [" + rows + ", " + t + "] (rows x patch tokens of the "
                    + "student), got " + Arrays.toString(masks.shape()));
        }
        checkZeroOne(masks);
        checkCenter(center, student.size(2));
    }

    private static void checkZeroOne(INDArray masks) {
        double[] values = masks.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        long t = masks.size(1);
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0.0 && values[i] != 1.0) {
                throw new IllegalArgumentException("masks must hold only 0 and 1, got " + values[i] + " at [" + i / t
                        + ", " + i % t + "]");
            }
        }
    }

    private static void checkCenter(INDArray center, long k) {
        Objects.requireNonNull(center, "center");
        if (center.length() != k) {
            throw new IllegalArgumentException("center must have K=" + k + " entries, got shape "
                    + Arrays.toString(center.shape()));
        }
    }

    private static void requireTemp(double temp, String name) {
        if (!(temp > 0) || Double.isInfinite(temp)) {
            throw new IllegalArgumentException(name + " must be > 0 and finite, got " + temp);
        }
    }
}
