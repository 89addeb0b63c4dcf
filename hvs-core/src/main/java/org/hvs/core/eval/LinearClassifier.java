package org.hvs.core.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trained linear softmax classifier on standardised features, as fitted by {@link LinearProbe}:
 * {@code logits = ((x - mean) / std) W + b}, prediction = arg-max of the logits.
 *
 * <pre>{@code
 * LinearClassifier clf = LinearProbe.builder().build().fit(train);
 * double acc = clf.accuracy(test);
 * }</pre>
 */
public final class LinearClassifier {
    private final INDArray mean;    // [1, D]
    private final INDArray std;     // [1, D]
    private final INDArray weights; // [D, C]
    private final INDArray bias;    // [1, C]

    /**
     * @param mean    per-feature mean of the train features, {@code [1, D]}
     * @param std     per-feature standard deviation (constant features use 1), {@code [1, D]}
     * @param weights {@code [D, C]}
     * @param bias    {@code [1, C]}
     */
    public LinearClassifier(INDArray mean, INDArray std, INDArray weights, INDArray bias) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(bias, "bias");
        if (weights.rank() != 2) {
            throw new IllegalArgumentException("weights must be [D, C], got " + Arrays.toString(weights.shape()));
        }
        long d = weights.size(0);
        long c = weights.size(1);
        if (mean.length() != d || std.length() != d || bias.length() != c) {
            throw new IllegalArgumentException("shapes disagree: weights " + Arrays.toString(weights.shape())
                    + ", mean " + mean.length() + ", std " + std.length() + ", bias " + bias.length());
        }
        this.mean = mean.castTo(DataType.FLOAT).reshape(1, d).dup();
        this.std = std.castTo(DataType.FLOAT).reshape(1, d).dup();
        this.weights = weights.castTo(DataType.FLOAT).dup();
        this.bias = bias.castTo(DataType.FLOAT).reshape(1, c).dup();
    }

    public int inputSize() {
        return (int) weights.size(0);
    }

    public int numClasses() {
        return (int) weights.size(1);
    }

    /** {@code (x - mean) / std} with the train statistics, {@code [n, D]}. */
    public INDArray standardize(INDArray features) {
        checkInput(features);
        return features.castTo(DataType.FLOAT).subRowVector(mean).diviRowVector(std);
    }

    /** Class scores {@code [n, C]} for raw (unstandardised) features {@code [n, D]}. */
    public INDArray logits(INDArray features) {
        return standardize(features).mmul(weights).addiRowVector(bias);
    }

    /** The arg-max class of each row. */
    public int[] predict(INDArray features) {
        return logits(features).argMax(1).toIntVector();
    }

    /** Fraction of rows of {@code data} predicted as their label. */
    public double accuracy(Features data) {
        Objects.requireNonNull(data, "data");
        if (data.numClasses() != numClasses()) {
            throw new IllegalArgumentException("classifier has " + numClasses() + " classes, data " + data.numClasses());
        }
        int[] pred = predict(data.features());
        int correct = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == data.label(i)) {
                correct++;
            }
        }
        return (double) correct / pred.length;
    }

    private void checkInput(INDArray features) {
        Objects.requireNonNull(features, "features");
        if (features.rank() != 2 || features.size(1) != weights.size(0)) {
            throw new IllegalArgumentException("features must be [n, " + weights.size(0) + "], got "
                    + Arrays.toString(features.shape()));
        }
    }
}
