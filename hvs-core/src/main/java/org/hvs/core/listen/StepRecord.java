package org.hvs.core.listen;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What happened in one training step, as written to a run's {@code metrics.jsonl}. Times are
 * wall-clock milliseconds; {@code NaN} marks a value that was not measured (e.g. the IoUs when
 * the views carry no crop boxes).
 *
 * <pre>{@code
 * StepRecord r = new StepRecord(12, 0, 4.31, 1e-3, 85.0, 20.5, 0.21, 0.43, Map.of("teacher_entropy", 2.7));
 * }</pre>
 *
 * @param step        global step, 0-based
 * @param epoch       epoch, 0-based
 * @param loss        the training loss of the step (mean over the batch)
 * @param lr          the learning rate used
 * @param stepMs      duration of the whole step, selection included
 * @param selectMs    duration of view selection (0 for selectors without a forward)
 * @param selectedIou mean crop-box IoU of the pairs trained on
 * @param randomIou   mean IoU of the pair a random selector would have taken (views 0 and 1)
 * @param extra       further named metrics (e.g. the method's), in insertion order; keys must
 *                    not clash with the standard JSON keys ({@link #RESERVED_KEYS})
 */
public record StepRecord(long step, int epoch, double loss, double lr, double stepMs, double selectMs,
                         double selectedIou, double randomIou, Map<String, Double> extra) {

    /** The JSON keys of the standard fields, in the order they are written. */
    public static final Set<String> RESERVED_KEYS = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
            java.util.List.of("step", "epoch", "loss", "lr", "step_ms", "select_ms", "selected_iou", "random_iou")));

    public StepRecord {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        Objects.requireNonNull(extra, "extra");
        Map<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : extra.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "extra metric name");
            if (RESERVED_KEYS.contains(key)) {
                throw new IllegalArgumentException("extra metric name must not be a standard key, got " + key);
            }
            copy.put(key, Objects.requireNonNull(e.getValue(), "extra metric " + key));
        }
        extra = Collections.unmodifiableMap(copy);
    }

    /** A record without IoUs, selection time or extra metrics. */
    public static StepRecord of(long step, int epoch, double loss, double lr, double stepMs) {
        return new StepRecord(step, epoch, loss, lr, stepMs, 0, Double.NaN, Double.NaN, Map.of());
    }
}
