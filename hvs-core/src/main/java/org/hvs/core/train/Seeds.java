package org.hvs.core.train;

/**
 * Seed derivation: independent, reproducible random streams from one user seed (SplitMix64
 * finaliser), so each use (epoch order, selection, initialisation) has its own stream.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed 64-bit seed from a base seed and a salt. */
    public static long mix(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seeded uniform permutation of {@code 0..n-1} (Fisher-Yates). */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
