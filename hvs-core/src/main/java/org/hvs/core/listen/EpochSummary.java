package org.hvs.core.listen;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The averages of one finished epoch and, when the trainer evaluated after it, the evaluation
 * results by name (e.g. {@code "knn_top1" -> 0.62}).
 *
 * <pre>{@code
 * EpochSummary s = new EpochSummary(0, 40, 4.12, 85.3, Map.of("knn_top1", 0.41));
 * }</pre>
 *
 * @param epoch      the epoch, 0-based
 * @param steps      steps run in the epoch
 * @param meanLoss   mean training loss over the epoch's steps
 * @param meanStepMs mean step duration in milliseconds
 * @param eval       evaluation results, empty when none ran; in insertion order
 */
public record EpochSummary(int epoch, int steps, double meanLoss, double meanStepMs, Map<String, Double> eval) {

    public EpochSummary {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        eval = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(eval, "eval")));
    }

    /** A summary without evaluation results. */
    public static EpochSummary of(int epoch, int steps, double meanLoss, double meanStepMs) {
        return new EpochSummary(epoch, steps, meanLoss, meanStepMs, Map.of());
    }
}
