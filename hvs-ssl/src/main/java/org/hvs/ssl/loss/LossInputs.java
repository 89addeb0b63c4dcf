package org.hvs.ssl.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Argument checks and row helpers shared by the losses of this package (package-private).
 */
final class LossInputs {

    /** Norms below this are clamped, as {@code F.normalize(x, eps=1e-12)} does in PyTorch. */
    static final double NORM_EPS = 1e-12;

    private LossInputs() {
    }

    /** Checks that {@code x} is a floating-point {@code [B, D]} matrix with B, D >= 1. */
    static void requireMatrix(INDArray x, String name) {
        Objects.requireNonNull(x, name);
        if (x.rank() != 2) {
            throw new IllegalArgumentException(name + " must be a [B, D] matrix, got shape "
                    + Arrays.toString(x.shape()));
        }
        if (x.size(0) < 1 || x.size(1) < 1) {
            throw new IllegalArgumentException(name + " must have B >= 1 rows and D >= 1 columns, got shape "
                    + Arrays.toString(x.shape()));
        }
        if (!x.dataType().isFPType()) {
            throw new IllegalArgumentException(name + " must be floating point, got " + x.dataType());
        }
    }

    /** Checks that {@code b} has the shape and data type of {@code a}. */
    static void requireSameShape(INDArray a, String nameA, INDArray b, String nameB) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(nameA + " and " + nameB + " must have the same shape, got "
                    + nameA + " " + Arrays.toString(a.shape()) + " and " + nameB + " " + Arrays.toString(b.shape()));
        }
        if (a.dataType() != b.dataType()) {
            throw new IllegalArgumentException(nameA + " and " + nameB + " must have the same data type, got "
                    + nameA + " " + a.dataType() + " and " + nameB + " " + b.dataType());
        }
    }

    /**
     * Checks a view-major stack {@code [N*B, D]} for {@code numViews = N} and returns B.
     */
    static long batchOfStack(INDArray stacked, String name, int numViews) {
        requireMatrix(stacked, name);
        if (numViews < 2) {
            throw new IllegalArgumentException("numViews must be >= 2, got " + numViews);
        }
        long rows = stacked.size(0);
        if (rows % numViews != 0) {
            throw new IllegalArgumentException(name + " rows must be numViews * B, got " + rows
                    + " rows for numViews=" + numViews);
        }
        return rows / numViews;
    }

    /** Checks that every pair is two distinct view indices in {@code [0, numViews)}. */
    static void requirePairs(List<int[]> pairs, int numViews) {
        Objects.requireNonNull(pairs, "pairs");
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("pairs must not be empty");
        }
        for (int k = 0; k < pairs.size(); k++) {
            int[] pair = Objects.requireNonNull(pairs.get(k), "pairs[" + k + "]");
            if (pair.length != 2) {
                throw new IllegalArgumentException("pairs[" + k + "] must hold two view indices, got "
                        + Arrays.toString(pair));
            }
            for (int v : pair) {
                if (v < 0 || v >= numViews) {
                    throw new IllegalArgumentException("pairs[" + k + "] view index must be in [0, " + numViews
                            + "), got " + Arrays.toString(pair));
                }
            }
            if (pair[0] == pair[1]) {
                throw new IllegalArgumentException("pairs[" + k + "] must name two different views, got "
                        + Arrays.toString(pair));
            }
        }
    }

    /** Rows {@code [v*B, (v+1)*B)} of a view-major stack: view {@code v} of every sample (a view). */
    static INDArray viewRows(INDArray stacked, int v, long batch) {
        return stacked.get(NDArrayIndex.interval(v * batch, (v + 1) * batch), NDArrayIndex.all());
    }

    /** Row L2 norms as a {@code [B, 1]} column, clamped below at {@link #NORM_EPS}. */
    static INDArray rowNorms(INDArray x) {
        INDArray norms = x.norm2(1).reshape(x.size(0), 1);
        return Transforms.max(norms, NORM_EPS, false);
    }

    /** The rows of {@code x} divided by their (clamped) L2 norms: a new array. */
    static INDArray normalizeRows(INDArray x) {
        return x.divColumnVector(rowNorms(x));
    }
}
