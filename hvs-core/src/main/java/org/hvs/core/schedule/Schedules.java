package org.hvs.core.schedule;

import java.util.Arrays;

/**
 * The implementations behind {@link Schedule}'s factories (package-private): small immutable
 * records so that schedules print readably in logs.
 */
final class Schedules {
    private Schedules() {
    }

    static void checkFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }

    static void checkPositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    static void checkStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
    }

    /** Half-cosine from {@code start} at step 0 to {@code end} at step {@code steps}; end after. */
    record Cosine(double start, double end, long steps) implements Schedule {
        @Override
        public double valueAt(long step) {
            checkStep(step);
            if (step >= steps) {
                return end;
            }
            double t = (double) step / steps;
            return end + 0.5 * (start - end) * (1 + Math.cos(Math.PI * t));
        }
    }

    /** Straight line from {@code start} at step 0 to {@code end} at step {@code steps}; end after. */
    record Linear(double start, double end, long steps) implements Schedule {
        @Override
        public double valueAt(long step) {
            checkStep(step);
            if (step >= steps) {
                return end;
            }
            return start + (end - start) * ((double) step / steps);
        }
    }

    /**
     * numpy's {@code linspace(start, end, n)} (endpoint included): step {@code n - 1} is {@code end};
     * later steps stay at {@code end}.
     */
    record Linspace(double start, double end, long n) implements Schedule {
        @Override
        public double valueAt(long step) {
            checkStep(step);
            if (n == 1) {
                return step == 0 ? start : end;
            }
            if (step >= n - 1) {
                return end;
            }
            return start + (end - start) * ((double) step / (n - 1));
        }
    }

    /** A step function over {@code boundaries}. */
    record Piecewise(long[] boundaries, double[] values) implements Schedule {
        Piecewise {
            java.util.Objects.requireNonNull(boundaries, "boundaries");
            java.util.Objects.requireNonNull(values, "values");
            if (values.length != boundaries.length + 1) {
                throw new IllegalArgumentException("piecewise needs boundaries.length + 1 = " + (boundaries.length + 1)
                        + " values, got " + values.length);
            }
            for (int i = 0; i < boundaries.length; i++) {
                if (boundaries[i] <= 0 || (i > 0 && boundaries[i] <= boundaries[i - 1])) {
                    throw new IllegalArgumentException("boundaries must be positive and strictly increasing, got "
                            + Arrays.toString(boundaries));
                }
            }
            for (int i = 0; i < values.length; i++) {
                checkFinite("values[" + i + "]", values[i]);
            }
            boundaries = boundaries.clone();
            values = values.clone();
        }

        @Override
        public double valueAt(long step) {
            checkStep(step);
            int i = 0;
            while (i < boundaries.length && step >= boundaries[i]) {
                i++;
            }
            return values[i];
        }

        @Override
        public String toString() {
            return "Piecewise[boundaries=" + Arrays.toString(boundaries) + ", values=" + Arrays.toString(values) + "]";
        }
    }
}
