package org.hvs.core.train;

import org.hvs.core.method.StepOutput;
import org.hvs.core.select.Selection;

/**
 * What one {@link HvsTrainer#step} did: the method's output, the selection, the time spent
 * selecting (including the scoring forward) and training, and the mean IoU of the chosen pairs
 * against the pairs a random selector would have taken (views 0 and 1).
 */
public record StepResult(StepOutput output, Selection selection, double selectMs, double trainMs,
                         double selectedIou, double randomIou) {

    public double loss() {
        return output.loss();
    }

    /** Selection plus training time in milliseconds. */
    public double stepMs() {
        return selectMs + trainMs;
    }
}
