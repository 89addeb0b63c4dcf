package org.hvs.core.method;

/**
 * Where training stands when a step runs: the global step (0-based), the epoch, the planned
 * number of steps, and the learning rate the trainer's schedule gives for this step. Methods
 * derive their own schedules (teacher momentum, temperatures) from {@link #progress()}.
 */
public record StepContext(long step, int epoch, long totalSteps, int stepsPerEpoch, double learningRate) {
    public StepContext {
        if (step < 0 || totalSteps <= 0 || stepsPerEpoch <= 0) {
            throw new IllegalArgumentException("bad step context: step=" + step + ", totalSteps=" + totalSteps
                    + ", stepsPerEpoch=" + stepsPerEpoch);
        }
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and >= 0, got " + learningRate);
        }
    }

    /** Fraction of training done, in [0, 1]. */
    public double progress() {
        return Math.min(1.0, (double) step / totalSteps);
    }
}
