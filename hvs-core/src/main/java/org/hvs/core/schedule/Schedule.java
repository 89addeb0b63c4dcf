package org.hvs.core.schedule;

/**
 * A value that changes with the training step: learning rate, weight decay, teacher momentum,
 * temperatures. Stateless: {@code valueAt(step)} depends on the step alone.
 *
 * <p>The static factories follow lightly's {@code cosine_schedule} and DINO's
 * {@code utils.cosine_scheduler}; steps are global and 0-based, and every factory-made schedule
 * rejects a negative step.
 *
 * <pre>{@code
 * Schedule lr = Schedule.warmupCosine(5e-4, 10 * stepsPerEpoch, 100 * stepsPerEpoch, 1e-6); // DINO lr
 * Schedule momentum = Schedule.cosine(0.996, 1.0, totalSteps);                              // DINO teacher
 * Schedule teacherTemp = Schedule.warmupThenConstant(0.04, 0.07, 30 * stepsPerEpoch);
 * Schedule steps = Schedule.constant(0.1).then(1000, Schedule.constant(0.01));
 * }</pre>
 */
@FunctionalInterface
public interface Schedule {

    /** The value at global step {@code step} (0-based). */
    double valueAt(long step);

    /** The same value at every step. */
    static Schedule constant(double value) {
        return step -> value;
    }

    /**
     * Half-cosine from {@code start} (step 0) to {@code end} (step {@code totalSteps}), then
     * {@code end} for ever:
     * {@code v(t) = end + (start - end) * (1 + cos(pi * t / totalSteps)) / 2} for {@code t < totalSteps}.
     * This is DINO's {@code cosine_scheduler} without warm-up (some versions of lightly's
     * {@code cosine_schedule} divide by {@code totalSteps - 1} and so reach {@code end} one step earlier).
     *
     * @throws IllegalArgumentException if a value is not finite or {@code totalSteps <= 0}
     */
    static Schedule cosine(double start, double end, long totalSteps) {
        Schedules.checkFinite("start", start);
        Schedules.checkFinite("end", end);
        Schedules.checkPositive("totalSteps", totalSteps);
        return new Schedules.Cosine(start, end, totalSteps);
    }

    /**
     * Straight line from {@code start} (step 0) to {@code end} (step {@code steps}), then
     * {@code end}: {@code v(t) = start + (end - start) * t / steps}.
     *
     * @throws IllegalArgumentException if a value is not finite or {@code steps <= 0}
     */
    static Schedule linear(double start, double end, long steps) {
        Schedules.checkFinite("start", start);
        Schedules.checkFinite("end", end);
        Schedules.checkPositive("steps", steps);
        return new Schedules.Linear(start, end, steps);
    }

    /**
     * DINO's {@code utils.cosine_scheduler(base, finalValue, ..., warmup, start_warmup_value=0)}
     * with the warm-up starting at 0. See {@link #warmupCosine(double, double, long, long, double)}.
     */
    static Schedule warmupCosine(double base, long warmupSteps, long totalSteps, double finalValue) {
        return warmupCosine(0.0, base, warmupSteps, totalSteps, finalValue);
    }

    /**
     * Exactly DINO's {@code utils.cosine_scheduler}: with {@code W = warmupSteps},
     * {@code T = totalSteps},
     * <ul>
     *   <li>{@code t < W}: {@code np.linspace(warmupStart, base, W)[t]}, i.e.
     *       {@code warmupStart + (base - warmupStart) * t / (W - 1)} (just {@code warmupStart} when
     *       {@code W = 1}); the last warm-up step already equals {@code base};</li>
     *   <li>{@code W <= t < T}: {@code final + (base - final) * (1 + cos(pi * (t - W) / (T - W))) / 2};</li>
     *   <li>{@code t >= T}: {@code finalValue} (DINO's array ends there).</li>
     * </ul>
     * With {@code W = 0} this is {@link #cosine(double, double, long) cosine(base, finalValue, T)}.
     *
     * @throws IllegalArgumentException if a value is not finite, {@code totalSteps <= 0} or
     *                                  {@code warmupSteps} is outside {@code [0, totalSteps)}
     */
    static Schedule warmupCosine(double warmupStart, double base, long warmupSteps, long totalSteps,
                                 double finalValue) {
        Schedules.checkFinite("warmupStart", warmupStart);
        Schedules.checkFinite("base", base);
        Schedules.checkFinite("finalValue", finalValue);
        Schedules.checkPositive("totalSteps", totalSteps);
        if (warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException("warmupSteps must be in [0, totalSteps=" + totalSteps + "), got "
                    + warmupSteps);
        }
        Schedule cosine = new Schedules.Cosine(base, finalValue, totalSteps - warmupSteps);
        if (warmupSteps == 0) {
            return cosine;
        }
        return new Schedules.Linspace(warmupStart, base, warmupSteps).then(warmupSteps, cosine);
    }

    /**
     * Linear warm-up then constant, as DINO's teacher temperature
     * ({@code np.linspace(start, value, W)} followed by {@code value}): {@code t < W} gives
     * {@code start + (value - start) * t / (W - 1)}, later steps {@code value}. {@code W = 0} is
     * {@link #constant(double) constant(value)}.
     *
     * @throws IllegalArgumentException if a value is not finite or {@code warmupSteps < 0}
     */
    static Schedule warmupThenConstant(double start, double value, long warmupSteps) {
        Schedules.checkFinite("start", start);
        Schedules.checkFinite("value", value);
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        }
        Schedule constant = new Schedules.Linear(value, value, 1);
        if (warmupSteps == 0) {
            return constant;
        }
        return new Schedules.Linspace(start, value, warmupSteps).then(warmupSteps, constant);
    }

    /**
     * A step function: {@code values[0]} before {@code boundaries[0]}, {@code values[i]} for
     * {@code boundaries[i-1] <= t < boundaries[i]}, {@code values[last]} afterwards (e.g. the
     * classic learning-rate drops: {@code piecewise(new long[]{30, 60}, new double[]{0.1, 0.01, 0.001})}).
     *
     * @throws IllegalArgumentException if {@code values.length != boundaries.length + 1}, the
     *                                  boundaries are not positive and strictly increasing, or a
     *                                  value is not finite
     */
    static Schedule piecewise(long[] boundaries, double[] values) {
        return new Schedules.Piecewise(boundaries, values);
    }

    /**
     * This schedule before {@code switchStep}, then {@code next} with its step counted from
     * {@code switchStep}: {@code t < s ? this(t) : next(t - s)}.
     *
     * @throws IllegalArgumentException if {@code switchStep < 0}
     */
    default Schedule then(long switchStep, Schedule next) {
        java.util.Objects.requireNonNull(next, "next");
        if (switchStep < 0) {
            throw new IllegalArgumentException("switchStep must be >= 0, got " + switchStep);
        }
        Schedule first = this;
        return step -> {
            Schedules.checkStep(step);
            return step < switchStep ? first.valueAt(step) : next.valueAt(step - switchStep);
        };
    }

    /** This schedule multiplied by {@code factor} (e.g. DINO's {@code lr * batch / 256}). */
    default Schedule scaled(double factor) {
        Schedules.checkFinite("factor", factor);
        Schedule base = this;
        return step -> factor * base.valueAt(step);
    }
}
