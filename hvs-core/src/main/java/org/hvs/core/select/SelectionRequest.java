package org.hvs.core.select;

import org.hvs.augment.MultiViewBatch;

import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link ViewSelector} may use to choose: the candidate views, the candidates on
 * offer, a scorer that runs the method's loss under no gradient (selectors that need no forward,
 * such as random or IoU, never call it), the global step and a seed for this step's randomness.
 */
public record SelectionRequest(MultiViewBatch views, List<Candidate> candidates, CandidateScorer scorer,
                               long step, long seed) {
    public SelectionRequest {
        Objects.requireNonNull(views, "views");
        Objects.requireNonNull(scorer, "scorer");
        candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates to select from (numViews=" + views.numViews() + ")");
        }
    }
}
