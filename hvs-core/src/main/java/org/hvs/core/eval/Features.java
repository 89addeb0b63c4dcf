package org.hvs.core.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Objects;

/**
 * Frozen features of a labelled data set: one row per image, as produced by
 * {@link FeatureExtractor} and consumed by {@link KnnClassifier} and {@link LinearProbe}.
 *
 * <pre>{@code
 * Features f = new Features(Nd4j.create(new float[][]{{1, 0}, {0, 1}}), new int[]{0, 1}, 2);
 * int n = f.size(); // 2
 * }</pre>
 *
 * @param features   {@code [n, D]}, finite values
 * @param labels     {@code n} class labels in {@code [0, numClasses)}
 * @param numClasses number of classes, at least 1
 */
public record Features(INDArray features, int[] labels, int numClasses) {

    public Features {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (features.rank() != 2) {
            throw new IllegalArgumentException("features must be [n, D], got " + Arrays.toString(features.shape()));
        }
        if (features.size(0) != labels.length) {
            throw new IllegalArgumentException("features have " + features.size(0) + " rows but there are "
                    + labels.length + " labels");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("features of an empty data set: n must be >= 1, got 0");
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + i + " must be in [0, " + numClasses + "), got "
                        + labels[i]);
            }
        }
        double sum = features.sumNumber().doubleValue();
        if (!Double.isFinite(sum) && (features.isInfinite().any() || features.isNaN().any())) {
            throw new IllegalArgumentException("features contain NaN or infinite values (sum = " + sum + ")");
        }
        labels = labels.clone();
    }

    /** Number of rows (images). */
    public int size() {
        return labels.length;
    }

    /** Feature dimension {@code D}. */
    public int dim() {
        return (int) features.size(1);
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** Label of row {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Features f && f.numClasses == numClasses && Arrays.equals(f.labels, labels)
                && f.features.equals(features);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(labels) + numClasses;
    }

    @Override
    public String toString() {
        return "Features[n=" + labels.length + ", D=" + features.size(1) + ", classes=" + numClasses + "]";
    }
}
