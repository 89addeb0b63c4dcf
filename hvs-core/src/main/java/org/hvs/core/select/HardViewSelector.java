package org.hvs.core.select;

import org.hvs.augment.MultiViewBatch;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Hard View Selection: scores every candidate for every sample with the method's own loss (one
 * batched no-gradient forward over all candidate views, done by the {@link CandidateScorer}) and
 * keeps, per sample, the candidate with the highest loss.
 *
 * <p>With {@code selectScale < 1} the candidates are scored on views downscaled by that factor
 * (0.5 cuts the selection forward about 4x); training still uses the full-size views.
 */
public final class HardViewSelector implements ViewSelector {
    private final double selectScale;

    public HardViewSelector(double selectScale) {
        if (!(selectScale > 0 && selectScale <= 1)) {
            throw new IllegalArgumentException("selectScale must be in (0, 1], got " + selectScale);
        }
        this.selectScale = selectScale;
    }

    public double selectScale() {
        return selectScale;
    }

    @Override
    public String name() {
        return "hvs";
    }

    @Override
    public boolean needsForward() {
        return true;
    }

    @Override
    public Selection select(SelectionRequest request) {
        MultiViewBatch views = request.views();
        if (selectScale < 1) {
            views = views.mapArrays(a -> Resize.scale(a, selectScale));
        }
        INDArray scores = request.scorer().score(views, request.candidates());
        int b = views.batchSize();
        int c = request.candidates().size();
        if (scores.rank() != 2 || scores.size(0) != c || scores.size(1) != b) {
            throw new IllegalStateException("scorer must return [" + c + ", " + b + "] scores, got "
                    + Arrays.toString(scores.shape()));
        }
        return new Selection(request.candidates(), argmaxPerSample(scores, request.step()));
    }

    /** Per column of {@code scores [candidates, B]}, the row of the largest value; NaN is an error. */
    static int[] argmaxPerSample(INDArray scores, long step) {
        double[][] s = scores.toDoubleMatrix();
        int rows = s.length;
        int cols = s[0].length;
        int[] best = new int[cols];
        for (int j = 0; j < cols; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < rows; i++) {
                double v = s[i][j];
                if (Double.isNaN(v)) {
                    throw new IllegalStateException("candidate score is NaN at step " + step + " for sample " + j
                            + ", candidate " + i + ": the network produced non-finite outputs");
                }
                if (v > max) {
                    max = v;
                    best[j] = i;
                }
            }
        }
        return best;
    }
}
