package org.hvs.core.select;

import java.util.List;
import java.util.Objects;

/**
 * What a selector chose: per sample, the index of a candidate in {@code candidates}.
 *
 * @param candidates the candidates that were on offer (the same for every sample)
 * @param chosen     per sample b, the index into {@code candidates} of the chosen candidate
 */
public record Selection(List<Candidate> candidates, int[] chosen) {

    public Selection {
        candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
        chosen = Objects.requireNonNull(chosen, "chosen").clone();
        for (int b = 0; b < chosen.length; b++) {
            if (chosen[b] < 0 || chosen[b] >= candidates.size()) {
                throw new IllegalArgumentException("sample " + b + " chose candidate " + chosen[b]
                        + " of " + candidates.size());
            }
        }
    }

    /** The same candidate for every sample (what a random or fixed selector returns). */
    public static Selection uniform(List<Candidate> candidates, int index, int batchSize) {
        int[] c = new int[batchSize];
        java.util.Arrays.fill(c, index);
        return new Selection(candidates, c);
    }

    public int batchSize() {
        return chosen.length;
    }

    @Override
    public int[] chosen() {
        return chosen.clone();
    }

    /** The candidate chosen for sample b. */
    public Candidate candidate(int b) {
        return candidates.get(chosen[b]);
    }

    public int first(int b) {
        return candidate(b).first();
    }

    public int second(int b) {
        return candidate(b).second();
    }
}
