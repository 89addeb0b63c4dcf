package org.hvs.augment.transform;

/** Argument checks shared by the transforms; messages name the offending value. */
final class Checks {

    private Checks() {
    }

    static double probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
        }
        return p;
    }

    static double nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite, got " + v);
        }
        return v;
    }

    static int positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + v);
        }
        return v;
    }

    /** Uniform draw in [lo, hi) from rng; exactly lo when the range is empty. */
    static double uniform(java.util.Random rng, double lo, double hi) {
        return lo == hi ? lo : lo + (hi - lo) * rng.nextDouble();
    }
}
