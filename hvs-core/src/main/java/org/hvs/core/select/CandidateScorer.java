package org.hvs.core.select;

import org.hvs.augment.MultiViewBatch;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Scores every candidate for every sample with the method's own loss, under no gradient. The
 * implementation runs ONE batched forward over all candidate views (never one per pair) and leaves
 * the networks' parameters unchanged.
 */
@FunctionalInterface
public interface CandidateScorer {

    /**
     * @return {@code [candidates.size(), B]}: entry (c, b) is sample b's loss term if candidate c
     *         were trained on; higher means harder.
     */
    INDArray score(MultiViewBatch views, List<Candidate> candidates);
}
