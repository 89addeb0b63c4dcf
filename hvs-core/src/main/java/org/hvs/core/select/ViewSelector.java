package org.hvs.core.select;

import org.hvs.core.schedule.Schedule;

/**
 * Chooses, per sample, which candidate views a training step uses: the plug-in point of Hard
 * View Selection (Ferreira, Rapant, Hutter, "Hard View Selection for Self-Supervised Learning", 2023).
 *
 * <p>Built in: {@link #random()} (the baseline: the first candidate, views 0 and 1),
 * {@link #hard()} (HVS: per sample the candidate with the highest loss), {@link #iou()} (no forward:
 * the candidate whose crop boxes overlap least). Users may implement their own.
 *
 * <pre>{@code
 * ViewSelector s = ViewSelector.hard(0.5);   // HVS, scoring on half-resolution views
 * }</pre>
 */
public interface ViewSelector {

    /** Short name for logs and summaries, e.g. {@code "hvs"}. */
    String name();

    /** Whether {@link #select} runs the method's forward (so the trainer times it as selection cost). */
    default boolean needsForward() {
        return false;
    }

    /** Chooses one candidate per sample. */
    Selection select(SelectionRequest request);

    /** The baseline: every sample trains on the first candidate (views 0 and 1, themselves random). */
    static ViewSelector random() {
        return new RandomViewSelector();
    }

    /** Hard View Selection at full resolution. */
    static ViewSelector hard() {
        return new HardViewSelector(1.0);
    }

    /** Hard View Selection scoring on views downscaled by {@code selectScale} in (0, 1]. */
    static ViewSelector hard(double selectScale) {
        return new HardViewSelector(selectScale);
    }

    /** Random views for the first {@code randomSteps} steps, then {@code after}. */
    static ViewSelector afterWarmup(ViewSelector after, long randomSteps) {
        return new WarmupViewSelector(after, randomSteps);
    }

    /** Per sample the candidate whose global crop boxes have the lowest IoU; no forward. */
    static ViewSelector iou() {
        return new IouViewSelector(null);
    }

    /**
     * Per sample a random candidate among those whose global-pair IoU is at most
     * {@code threshold.valueAt(step)}; the lowest-IoU candidate when none is.
     */
    static ViewSelector iou(Schedule threshold) {
        return new IouViewSelector(java.util.Objects.requireNonNull(threshold, "threshold"));
    }
}
