package org.hvs.core.schedule;

/**
 * A value that changes with the training step: learning rate, weight decay, teacher momentum,
 * temperatures. Stateless: {@code valueAt(step)} depends on the step alone.
 */
@FunctionalInterface
public interface Schedule {

    /** The value at global step {@code step} (0-based). */
    double valueAt(long step);

    /** The same value at every step. */
    static Schedule constant(double value) {
        return step -> value;
    }
}
