package org.hvs.core.listen;

/**
 * How a fit ended, given to {@link TrainingListener#onFitEnd}.
 *
 * <pre>{@code
 * FitSummary s = new FitSummary(400, 412_000, 2.31);
 * double imagesPerSecond = s.steps() * batchSize / (s.wallMs() / 1000);
 * }</pre>
 *
 * @param steps     steps actually run
 * @param wallMs    wall-clock duration of the fit in milliseconds
 * @param finalLoss loss of the last step ({@code NaN} if no step ran)
 */
public record FitSummary(long steps, double wallMs, double finalLoss) {

    public FitSummary {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        if (!(wallMs >= 0)) {
            throw new IllegalArgumentException("wallMs must be >= 0, got " + wallMs);
        }
    }
}
