package org.hvs.core.method;

import java.util.Map;

/**
 * The result of one training step: the loss (mean over the batch) and named extra metrics the
 * method wants logged (e.g. DINO's teacher entropy).
 */
public record StepOutput(double loss, Map<String, Double> metrics) {
    public StepOutput {
        metrics = Map.copyOf(metrics);
    }

    public static StepOutput of(double loss) {
        return new StepOutput(loss, Map.of());
    }
}
