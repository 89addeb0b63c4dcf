package org.hvs.ssl.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * SimCLR's normalised temperature-scaled cross-entropy (NT-Xent; Chen et al., "A Simple Framework
 * for Contrastive Learning of Visual Representations", ICML 2020, Algorithm 1).
 *
 * <p>The 2B projections {@code u = z / |z|} of the two views are stacked; with
 * {@code s(a, k) = u_a . u_k / tau} each of the 2B anchors {@code a} has its positive
 * {@code pos(a)} (the other view of the same sample) and 2B - 2 negatives (everything else except
 * itself):
 *
 * <pre>
 *   l(a) = -s(a, pos(a)) + log sum_{k != a} exp(s(a, k)),      L = mean over the 2B anchors of l(a)
 * </pre>
 *
 * The gradient flows through the normalisation: with {@code G = (softmax_{k != a} - onehot(pos)) / 2B},
 * {@code dL/dU = (G + G^T) U / tau} and {@code dL/dz = (dL/du - u (u . dL/du)) / |z|}. The
 * log-sum-exp subtracts each row's maximum, so large {@code 1/tau} cannot overflow. B must be at
 * least 2 (the negatives come from the other samples). Computed in the inputs' data type (float or
 * double). Stateless apart from the temperature, thread-safe.
 *
 * <pre>{@code
 * NtXentLoss loss = new NtXentLoss();            // temperature 0.1
 * NtXentLoss.Result r = loss.compute(z1, z2);    // [B, D] each, unnormalised
 * INDArray dZ1 = r.gradZ1();                     // gradient of the mean loss
 * INDArray scores = loss.pairScores(z, 4, pairs); // z [4*B, D] -> [pairs, B]
 * }</pre>
 */
public final class NtXentLoss {

    /** SimCLR's default temperature for small batches (and the HVS paper's). */
    public static final double DEFAULT_TEMPERATURE = 0.1;

    /** Additive mask that removes an anchor's similarity with itself (exp underflows to 0). */
    private static final double SELF_MASK = -1e30;

    /** The mean loss and its gradient with respect to both projections ({@code [B, D]} each). */
    public record Result(double loss, INDArray gradZ1, INDArray gradZ2) {
    }

    private final double temperature;

    /** NT-Xent with the default temperature {@value #DEFAULT_TEMPERATURE}. */
    public NtXentLoss() {
        this(DEFAULT_TEMPERATURE);
    }

    /**
     * @param temperature tau, must be finite and &gt; 0
     */
    public NtXentLoss(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    /** The temperature tau. */
    public double temperature() {
        return temperature;
    }

    /**
     * The mean loss over the 2B anchors and its gradient with respect to {@code z1} and {@code z2}.
     *
     * @param z1 projections of view 1, {@code [B, D]}, unnormalised, B &gt;= 2
     * @param z2 projections of view 2, {@code [B, D]}
     */
    public Result compute(INDArray z1, INDArray z2) {
        checkInputs(z1, z2);
        long batch = z1.size(0);
        INDArray n1 = LossInputs.rowNorms(z1);
        INDArray n2 = LossInputs.rowNorms(z2);
        INDArray u1 = z1.divColumnVector(n1);
        INDArray u2 = z2.divColumnVector(n2);
        Forward f = forward(u1, u2);
        double loss = f.anchorLoss.meanNumber().doubleValue();

        // dL/dS = (P - Pos) / 2B; S = U U^T / tau; Pos is symmetric and Pos U = [u2; u1].
        INDArray u = f.u;
        INDArray swapped = Nd4j.vstack(u2, u1);
        INDArray probs = f.probs;
        INDArray dU = probs.add(probs.transpose()).mmul(u).subi(swapped.muli(2.0))
                .muli(1.0 / (2.0 * batch * temperature));
        INDArray dU1 = dU.get(NDArrayIndex.interval(0, batch), NDArrayIndex.all());
        INDArray dU2 = dU.get(NDArrayIndex.interval(batch, 2 * batch), NDArrayIndex.all());
        return new Result(loss, normalizeGrad(u1, n1, dU1), normalizeGrad(u2, n2, dU2));
    }

    /**
     * Per-sample terms {@code (l(z1_b) + l(z2_b)) / 2}, shape {@code [B]}; their mean is
     * {@link Result#loss()}.
     */
    public INDArray perSample(INDArray z1, INDArray z2) {
        checkInputs(z1, z2);
        return perSampleOf(forward(LossInputs.normalizeRows(z1), LossInputs.normalizeRows(z2)), z1.size(0));
    }

    /**
     * Scores candidate view pairs for Hard View Selection: the batch is taken to use views i and j,
     * so each sample's negatives are the other samples of those two views. All pairs come from one
     * {@code [N*B, N*B]} similarity product and per-block log-sum-exp terms (SimCLR's HVS scoring at
     * N=4, B=128: ~14-24 ms as six separate losses, 2026-12-07).
     *
     * @param z        projections of all views, {@code [N*B, D]}, view-major (row {@code v*B + b}
     *                 is view {@code v} of sample {@code b}), B &gt;= 2
     * @param numViews N, at least 2
     * @param pairs    view index pairs {@code {i, j}}, i != j, each in {@code [0, N)}
     * @return {@code [pairs.size(), B]}: entry (k, b) equals {@code perSample(z_i, z_j)[b]} for
     *         {@code {i, j} = pairs.get(k)}
     */
    public INDArray pairScores(INDArray z, int numViews, List<int[]> pairs) {
        long batch = LossInputs.batchOfStack(z, "z", numViews);
        requireBatch(batch);
        LossInputs.requirePairs(pairs, numViews);
        int b = (int) batch;
        int rows = numViews * b;
        // every similarity of every view with every view at once: one [N*B, N*B] product
        INDArray u = LossInputs.normalizeRows(z);
        INDArray s = u.mmul(u.transpose()).muli(1.0 / temperature);
        for (int r = 0; r < rows; r++) {
            s.putScalar(r, r, SELF_MASK);
        }
        // per anchor row r and view block k (row r*N + k of the [N*B*N, B] reshape): the block's maximum
        // and the sum of exp(s - maximum); plain vectors out (toDoubleMatrix copies row by row: ~12 ms here)
        INDArray blocks = s.reshape((long) rows * numViews, b);
        INDArray max = blocks.max(1).reshape((long) rows * numViews, 1);
        double[] sumExp = Transforms.exp(blocks.subColumnVector(max), false).sum(1).toDoubleVector();
        double[] m = max.reshape(-1).toDoubleVector();
        double[][] scores = new double[pairs.size()][b];
        for (int k = 0; k < pairs.size(); k++) {
            int i = pairs.get(k)[0];
            int j = pairs.get(k)[1];
            for (int a = 0; a < b; a++) {
                double positive = s.getDouble((long) i * b + a, (long) j * b + a);
                double li = logSumExp(m, sumExp, (i * b + a) * numViews, i, j) - positive;
                double lj = logSumExp(m, sumExp, (j * b + a) * numViews, j, i) - positive;
                scores[k][a] = 0.5 * (li + lj);
            }
        }
        return Nd4j.createFromArray(scores).castTo(z.dataType());
    }

    /**
     * log sum exp over an anchor's similarities with views {@code own} and {@code other}, from the
     * per-block maxima {@code m} and sums {@code e = sum exp(s - m_block)} of the anchor's blocks,
     * which start at {@code at}.
     */
    private static double logSumExp(double[] m, double[] e, int at, int own, int other) {
        double top = Math.max(m[at + own], m[at + other]);
        return top + Math.log(e[at + own] * Math.exp(m[at + own] - top) + e[at + other] * Math.exp(m[at + other] - top));
    }

    /** The stacked unit vectors, the masked softmax over each anchor's row and each anchor's loss. */
    private record Forward(INDArray u, INDArray probs, INDArray anchorLoss) {
    }

    /** Forward pass on unit rows u1, u2 ([B, D] each). */
    private Forward forward(INDArray u1, INDArray u2) {
        long twoB = 2 * u1.size(0);
        INDArray u = Nd4j.vstack(u1, u2);                                   // [2B, D]
        INDArray logits = u.mmul(u.transpose()).muli(1.0 / temperature);   // [2B, 2B]
        logits.addi(Nd4j.eye(twoB).castTo(u.dataType()).muli(SELF_MASK));
        INDArray rowMax = logits.max(1).reshape(twoB, 1);
        INDArray exp = Transforms.exp(logits.subColumnVector(rowMax), false);
        INDArray sumExp = exp.sum(1).reshape(twoB, 1);
        INDArray logSumExp = Transforms.log(sumExp, true).addi(rowMax);
        INDArray positive = u1.mul(u2).sum(1).muli(1.0 / temperature);      // [B]
        INDArray positives = Nd4j.concat(0, positive, positive).reshape(twoB, 1);
        INDArray anchorLoss = logSumExp.subi(positives).reshape(twoB);
        INDArray probs = exp.diviColumnVector(sumExp);
        return new Forward(u, probs, anchorLoss);
    }

    private static INDArray perSampleOf(Forward f, long batch) {
        INDArray first = f.anchorLoss.get(NDArrayIndex.interval(0, batch));
        INDArray second = f.anchorLoss.get(NDArrayIndex.interval(batch, 2 * batch));
        return first.add(second).muli(0.5);
    }

    /** Back through u = z / |z|: dL/dz = (g - u (u . g)) / |z|, row-wise. */
    private static INDArray normalizeGrad(INDArray u, INDArray norm, INDArray g) {
        INDArray along = u.mul(g).sum(1).reshape(u.size(0), 1);
        return g.sub(u.mulColumnVector(along)).diviColumnVector(norm);
    }

    private static void checkInputs(INDArray z1, INDArray z2) {
        LossInputs.requireMatrix(z1, "z1");
        LossInputs.requireMatrix(z2, "z2");
        LossInputs.requireSameShape(z1, "z1", z2, "z2");
        requireBatch(z1.size(0));
    }

    private static void requireBatch(long batch) {
        if (batch < 2) {
            throw new IllegalArgumentException("NT-Xent needs a batch of at least 2 samples "
                    + "(negatives come from the other samples), got " + batch);
        }
    }
}
