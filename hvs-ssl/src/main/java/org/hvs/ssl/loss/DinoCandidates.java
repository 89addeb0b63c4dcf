package org.hvs.ssl.loss;

import org.hvs.core.select.Candidate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The candidates DINO's Hard View Selection compares (as in the paper's code, automl/hvp, dino
 * branch): the global views alternate between two augmentation recipes (DINO's global transforms 1
 * and 2, which differ in blur and solarisation), and a candidate pair is one recipe-0 view with one
 * recipe-1 view, so 4 globals alternating {@code 0,1,0,1} give the 4 pairs (0,1), (0,3), (2,1), (2,3).
 * Local crops can be selected jointly: every pair combined with every {@code localsPerCandidate}-subset
 * of the local crops, capped at {@code limit} candidates drawn at random (seeded) that always keep
 * the first candidate, pair (0,1) with locals {@code 0..k-1} (what a random selector trains on).
 *
 * <pre>{@code
 * List<Candidate> c = DinoCandidates.enumerate(new int[] {0, 1, 0, 1}, 6, 2, 10, 42L); // 10 of 4*15=60
 * }</pre>
 *
 * <p>Unlike the paper's code, {@code limit == 0} means no cap (automl/hvp returns no candidates then).
 */
public final class DinoCandidates {
    /** Guard against combinatorial explosion (e.g. 10 locals choose 5 with many globals). */
    static final int MAX_ENUMERATED = 1_000_000;

    private DinoCandidates() {
    }

    /**
     * @param globalRecipeIndex  the recipe (0 or 1) of each global view, at least one of each
     * @param numLocals          local crops available, &gt;= 0
     * @param localsPerCandidate local crops per candidate, in {@code [0, numLocals]}
     * @param limit              maximum number of candidates, 0 for no cap, &gt;= 0
     * @param seed               seed of the random subset when the cap applies
     * @return pair-major candidates (each pair's local subsets in lexicographic order); under a cap
     *         the kept candidates stay in that order and the first is always kept
     */
    public static List<Candidate> enumerate(int[] globalRecipeIndex, int numLocals, int localsPerCandidate, int limit,
                                            long seed) {
        Objects.requireNonNull(globalRecipeIndex, "globalRecipeIndex");
        if (numLocals < 0) {
            throw new IllegalArgumentException("numLocals must be >= 0, got " + numLocals);
        }
        if (localsPerCandidate < 0 || localsPerCandidate > numLocals) {
            throw new IllegalArgumentException("localsPerCandidate must be in [0, numLocals=" + numLocals + "], got "
                    + localsPerCandidate);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0 = no cap), got " + limit);
        }
        List<int[]> pairs = pairs(globalRecipeIndex);
        List<int[]> subsets = subsets(numLocals, localsPerCandidate);
        long total = (long) pairs.size() * subsets.size();
        if (total > MAX_ENUMERATED) {
            throw new IllegalArgumentException("too many candidates to enumerate: " + total + " > " + MAX_ENUMERATED);
        }
        int n = (int) total;
        int[] keep = limit == 0 || limit >= n ? range(n) : sample(n, limit, seed);
        List<Candidate> out = new ArrayList<>(keep.length);
        for (int idx : keep) {
            int[] pair = pairs.get(idx / subsets.size());
            out.add(new Candidate(pair[0], pair[1], subsets.get(idx % subsets.size())));
        }
        return out;
    }

    /** Recipe-0 view x recipe-1 view, recipe-0 index ascending, then recipe-1 index ascending. */
    static List<int[]> pairs(int[] recipe) {
        List<Integer> r0 = new ArrayList<>();
        List<Integer> r1 = new ArrayList<>();
        for (int v = 0; v < recipe.length; v++) {
            if (recipe[v] == 0) {
                r0.add(v);
            } else if (recipe[v] == 1) {
                r1.add(v);
            } else {
                throw new IllegalArgumentException("global recipe index must be 0 or 1, got " + recipe[v]
                        + " for view " + v);
            }
        }
        if (r0.isEmpty() || r1.isEmpty()) {
            throw new IllegalArgumentException("global views need both recipes 0 and 1, got "
                    + Arrays.toString(recipe));
        }
        List<int[]> out = new ArrayList<>();
        for (int i : r0) {
            for (int j : r1) {
                out.add(new int[] {i, j});
            }
        }
        return out;
    }

    /** All k-subsets of {0..n-1} in lexicographic order ({ {} } when k == 0). */
    static List<int[]> subsets(int n, int k) {
        List<int[]> out = new ArrayList<>();
        int[] c = range(k);
        while (true) {
            out.add(c.clone());
            if (out.size() > MAX_ENUMERATED) {
                throw new IllegalArgumentException("too many local subsets to enumerate: " + n + " choose " + k);
            }
            int i = k - 1;
            while (i >= 0 && c[i] == n - k + i) {
                i--;
            }
            if (i < 0) {
                return out;
            }
            c[i]++;
            for (int j = i + 1; j < k; j++) {
                c[j] = c[j - 1] + 1;
            }
        }
    }

    /** Index 0 plus {@code limit - 1} distinct indices drawn from 1..n-1, ascending. */
    private static int[] sample(int n, int limit, long seed) {
        int[] rest = new int[n - 1];
        for (int i = 0; i < rest.length; i++) {
            rest[i] = i + 1;
        }
        Random rng = new Random(seed);
        for (int i = 0; i < limit - 1; i++) {
            int j = i + rng.nextInt(rest.length - i);
            int t = rest[i];
            rest[i] = rest[j];
            rest[j] = t;
        }
        int[] keep = new int[limit];
        System.arraycopy(rest, 0, keep, 1, limit - 1);
        Arrays.sort(keep);
        return keep;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
