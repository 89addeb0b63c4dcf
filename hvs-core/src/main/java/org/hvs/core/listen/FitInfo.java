package org.hvs.core.listen;

import java.util.Objects;

/**
 * What a fit is about to do, given to {@link TrainingListener#onFitStart}.
 *
 * <pre>{@code
 * FitInfo info = new FitInfo("simsiam", "hvs", 10, 40, 400, 64);
 * }</pre>
 *
 * @param method        the method's name, e.g. {@code "dino"}
 * @param selector      the view selector's name, e.g. {@code "hvs"}
 * @param epochs        planned epochs
 * @param stepsPerEpoch steps in each epoch
 * @param totalSteps    planned steps in all
 * @param batchSize     images per step
 */
public record FitInfo(String method, String selector, int epochs, int stepsPerEpoch, long totalSteps, int batchSize) {

    public FitInfo {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(selector, "selector");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("stepsPerEpoch must be >= 1, got " + stepsPerEpoch);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be >= 1, got " + totalSteps);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }
}
