package org.hvs.core.train;

import java.util.List;

/**
 * Summary of {@link HvsTrainer#fit}: steps run, per-epoch mean losses, timings and the mean IoU of
 * the selected pairs against random pairs over the whole run.
 */
public record FitResult(int epochs, long steps, List<Double> epochLosses, double finalLoss, double meanStepMs,
                        double meanSelectMs, double imagesPerSecond, double selectedIouMean, double randomIouMean,
                        double wallSeconds) {
    public FitResult {
        epochLosses = List.copyOf(epochLosses);
    }
}
