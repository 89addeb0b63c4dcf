package org.hvs.core.listen;

import java.util.List;
import java.util.Objects;

/**
 * Hooks the trainer calls as a fit goes (DJL's {@code TrainingListener}, reduced to four events).
 * Every method has a no-op default, so a listener overrides only what it needs. Listeners run on
 * the training thread: keep them quick.
 *
 * <pre>{@code
 * TrainingListener printer = new TrainingListener() {
 *     public void onStepEnd(StepRecord r) { log.info("step {} loss {}", r.step(), r.loss()); }
 * };
 * TrainingListener all = TrainingListener.all(printer, new MetricsJsonlListener(runDir));
 * }</pre>
 */
public interface TrainingListener {

    /** Before the first step. */
    default void onFitStart(FitInfo info) {
    }

    /** After every step. */
    default void onStepEnd(StepRecord record) {
    }

    /** After the last step of each epoch (and after any evaluation the trainer runs then). */
    default void onEpochEnd(int epoch, EpochSummary summary) {
    }

    /** After the last step; also when the fit stops early. */
    default void onFitEnd(FitSummary summary) {
    }

    /** One listener that forwards each event to {@code listeners}, in order. */
    static TrainingListener all(TrainingListener... listeners) {
        return all(List.of(listeners));
    }

    /** One listener that forwards each event to {@code listeners}, in order. */
    static TrainingListener all(List<? extends TrainingListener> listeners) {
        List<TrainingListener> copy = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
        return new TrainingListener() {
            @Override
            public void onFitStart(FitInfo info) {
                copy.forEach(l -> l.onFitStart(info));
            }

            @Override
            public void onStepEnd(StepRecord record) {
                copy.forEach(l -> l.onStepEnd(record));
            }

            @Override
            public void onEpochEnd(int epoch, EpochSummary summary) {
                copy.forEach(l -> l.onEpochEnd(epoch, summary));
            }

            @Override
            public void onFitEnd(FitSummary summary) {
                copy.forEach(l -> l.onFitEnd(summary));
            }
        };
    }
}
