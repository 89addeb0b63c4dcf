package org.hvs.core.select;

import java.util.Arrays;

/**
 * One candidate the selector may choose for a sample: two global views ({@code first}, {@code second},
 * indices into the candidate views) and, for multi-crop methods, the local crops to train with.
 *
 * @param first  index of the first global view
 * @param second index of the second global view
 * @param locals indices of the local crops (empty when the method uses none or does not select them)
 */
public record Candidate(int first, int second, int[] locals) {
    private static final int[] NONE = new int[0];

    public Candidate {
        if (first < 0 || second < 0) {
            throw new IllegalArgumentException("view indices must be >= 0, got " + first + ", " + second);
        }
        if (first == second) {
            throw new IllegalArgumentException("a candidate pair needs two different views, got " + first + " twice");
        }
        locals = locals == null ? NONE : locals.clone();
    }

    /** A pair of global views without local crops. */
    public static Candidate pair(int first, int second) {
        return new Candidate(first, second, NONE);
    }

    @Override
    public int[] locals() {
        return locals.clone();
    }

    public int numLocals() {
        return locals.length;
    }

    public int local(int k) {
        return locals[k];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Candidate c && c.first == first && c.second == second && Arrays.equals(c.locals, locals);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * first + second) + Arrays.hashCode(locals);
    }

    @Override
    public String toString() {
        return locals.length == 0 ? "(" + first + "," + second + ")"
                : "(" + first + "," + second + " | locals " + Arrays.toString(locals) + ")";
    }
}
