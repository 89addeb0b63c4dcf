package org.hvs.ssl.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * SimSiam's symmetric negative cosine similarity with stop-gradient on the targets (Chen &amp; He,
 * "Exploring Simple Siamese Representation Learning", CVPR 2021, Algorithm 1):
 *
 * <pre>
 *   L = mean_b  -( cos(p1_b, z2_b) + cos(p2_b, z1_b) ) / 2,   cos(p, z) = p.z / (|p| |z|)
 * </pre>
 *
 * where {@code p} are the predictor outputs and {@code z} the projector outputs of the other view.
 * {@code z} is a constant (stop-gradient), so only {@code p1} and {@code p2} receive a gradient:
 * {@code dL/dp1_b = -(zhat2_b - cos(p1_b, z2_b) phat1_b) / (2 B |p1_b|)} (and symmetrically for p2).
 * The loss lies in [-1, 1]; -1 when every {@code p} points the same way as its target. Norms are
 * clamped below at 1e-12, as PyTorch's {@code F.normalize} does. Computed in the inputs' data type
 * (float or double). Stateless and thread-safe.
 *
 * <pre>{@code
 * NegativeCosineLoss loss = new NegativeCosineLoss();
 * NegativeCosineLoss.Result r = loss.compute(p1, z1, p2, z2);   // all [B, D]
 * double value = r.loss();
 * INDArray dP1 = r.gradP1();                                    // [B, D], gradient of the mean
 * INDArray scores = loss.pairScores(p, z, 4, pairs);            // p, z [4*B, D] -> [pairs, B]
 * }</pre>
 */
public final class NegativeCosineLoss {

    /**
     * The mean loss and its gradient with respect to the predictor outputs ({@code [B, D]} each,
     * in the inputs' data type).
     */
    public record Result(double loss, INDArray gradP1, INDArray gradP2) {
    }

    /** Creates the (parameter-free) loss. */
    public NegativeCosineLoss() {
    }

    /**
     * The mean loss and its gradient with respect to {@code p1} and {@code p2}.
     *
     * @param p1 predictor output of view 1, {@code [B, D]}
     * @param z1 projector output of view 1 (target for {@code p2}), {@code [B, D]}
     * @param p2 predictor output of view 2, {@code [B, D]}
     * @param z2 projector output of view 2 (target for {@code p1}), {@code [B, D]}
     */
    public Result compute(INDArray p1, INDArray z1, INDArray p2, INDArray z2) {
        checkInputs(p1, z1, p2, z2);
        long batch = p1.size(0);
        INDArray p1Norm = LossInputs.rowNorms(p1);
        INDArray p2Norm = LossInputs.rowNorms(p2);
        INDArray p1Hat = p1.divColumnVector(p1Norm);
        INDArray p2Hat = p2.divColumnVector(p2Norm);
        INDArray z1Hat = LossInputs.normalizeRows(z1);
        INDArray z2Hat = LossInputs.normalizeRows(z2);
        INDArray cos12 = rowDot(p1Hat, z2Hat);   // [B, 1]
        INDArray cos21 = rowDot(p2Hat, z1Hat);
        double loss = -(cos12.sumNumber().doubleValue() + cos21.sumNumber().doubleValue()) / (2.0 * batch);
        double scale = -1.0 / (2.0 * batch);
        INDArray gradP1 = cosineGrad(p1Hat, p1Norm, z2Hat, cos12).muli(scale);
        INDArray gradP2 = cosineGrad(p2Hat, p2Norm, z1Hat, cos21).muli(scale);
        return new Result(loss, gradP1, gradP2);
    }

    /**
     * Per-sample terms {@code -(cos(p1_b, z2_b) + cos(p2_b, z1_b)) / 2}, shape {@code [B]}; their
     * mean is {@link Result#loss()}.
     */
    public INDArray perSample(INDArray p1, INDArray z1, INDArray p2, INDArray z2) {
        checkInputs(p1, z1, p2, z2);
        return perSampleNormalized(LossInputs.normalizeRows(p1), LossInputs.normalizeRows(z1),
                LossInputs.normalizeRows(p2), LossInputs.normalizeRows(z2));
    }

    /**
     * Scores candidate view pairs for Hard View Selection.
     *
     * @param p        predictor outputs of all views, {@code [N*B, D]}, view-major (row
     *                 {@code v*B + b} is view {@code v} of sample {@code b})
     * @param z        projector outputs, same layout as {@code p}
     * @param numViews N, at least 2
     * @param pairs    view index pairs {@code {i, j}}, i != j, each in {@code [0, N)}
     * @return {@code [pairs.size(), B]}: entry (k, b) equals
     *         {@code perSample(p_i, z_i, p_j, z_j)[b]} for {@code {i, j} = pairs.get(k)}
     */
    public INDArray pairScores(INDArray p, INDArray z, int numViews, List<int[]> pairs) {
        long batch = LossInputs.batchOfStack(p, "p", numViews);
        LossInputs.requireMatrix(z, "z");
        LossInputs.requireSameShape(p, "p", z, "z");
        LossInputs.requirePairs(pairs, numViews);
        INDArray pHat = LossInputs.normalizeRows(p);
        INDArray zHat = LossInputs.normalizeRows(z);
        INDArray scores = Nd4j.create(p.dataType(), pairs.size(), batch);
        for (int k = 0; k < pairs.size(); k++) {
            int i = pairs.get(k)[0];
            int j = pairs.get(k)[1];
            INDArray row = perSampleNormalized(
                    LossInputs.viewRows(pHat, i, batch), LossInputs.viewRows(zHat, i, batch),
                    LossInputs.viewRows(pHat, j, batch), LossInputs.viewRows(zHat, j, batch));
            scores.putRow(k, row);
        }
        return scores;
    }

    private static INDArray perSampleNormalized(INDArray p1Hat, INDArray z1Hat, INDArray p2Hat, INDArray z2Hat) {
        INDArray cos12 = p1Hat.mul(z2Hat).sum(1);
        INDArray cos21 = p2Hat.mul(z1Hat).sum(1);
        return cos12.addi(cos21).muli(-0.5);
    }

    /** Row-wise dot products of two [B, D] matrices as a [B, 1] column. */
    private static INDArray rowDot(INDArray a, INDArray b) {
        return a.mul(b).sum(1).reshape(a.size(0), 1);
    }

    /** d cos(p, z) / dp = (zHat - cos * pHat) / |p|, row-wise. */
    private static INDArray cosineGrad(INDArray pHat, INDArray pNorm, INDArray zHat, INDArray cos) {
        return zHat.sub(pHat.mulColumnVector(cos)).diviColumnVector(pNorm);
    }

    private static void checkInputs(INDArray p1, INDArray z1, INDArray p2, INDArray z2) {
        LossInputs.requireMatrix(p1, "p1");
        LossInputs.requireMatrix(z1, "z1");
        LossInputs.requireMatrix(p2, "p2");
        LossInputs.requireMatrix(z2, "z2");
        LossInputs.requireSameShape(p1, "p1", z2, "z2");
        LossInputs.requireSameShape(p2, "p2", z1, "z1");
        LossInputs.requireSameShape(p1, "p1", p2, "p2");
    }
}
