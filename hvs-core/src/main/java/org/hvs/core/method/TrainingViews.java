package org.hvs.core.method;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Objects;

/**
 * The views one training step trains on, after selection: per sample the two chosen global views
 * ({@code first}, {@code second}, each {@code [B, C, H, W]}) and any local crops ({@code [B, C, h, w]} each).
 */
public record TrainingViews(INDArray first, INDArray second, List<INDArray> locals) {
    public TrainingViews {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        locals = List.copyOf(Objects.requireNonNull(locals, "locals"));
        if (!java.util.Arrays.equals(first.shape(), second.shape())) {
            throw new IllegalArgumentException("first and second views differ in shape: "
                    + java.util.Arrays.toString(first.shape()) + " vs " + java.util.Arrays.toString(second.shape()));
        }
    }

    public int batchSize() {
        return (int) first.size(0);
    }
}
