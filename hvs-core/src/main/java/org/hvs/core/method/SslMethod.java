package org.hvs.core.method;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hvs.augment.MultiViewBatch;
import org.hvs.core.select.Candidate;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * The service-provider interface a self-supervised method implements (SimSiam, SimCLR, DINO and
 * iBOT live in {@code hvs-ssl}). The trainer drives it; a user writing their own loop may too:
 *
 * <pre>{@code
 * method.initialize(setup);                       // once: builds the networks
 * List<Candidate> c = method.candidates(views);   // which pairs (and locals) may be chosen
 * INDArray scores = method.scoreCandidates(views, c);   // [c.size(), B], one no-gradient forward
 * StepOutput out = method.trainStep(chosenViews, ctx);  // forward, loss, backward, update
 * }</pre>
 */
public interface SslMethod {

    /** Short lower-case name, e.g. {@code "simsiam"}. */
    String name();

    /** Builds the networks (heads on the backbone, teachers, updaters). Idempotent. */
    void initialize(TrainingSetup setup);

    /** Whether {@link #initialize} has run. */
    boolean isInitialized();

    /**
     * Called by the trainer at the start of every step, before selection, so that the scoring
     * forward uses this step's schedules (e.g. DINO's teacher temperature). Default: nothing.
     */
    default void beginStep(StepContext context) {
    }

    /**
     * The candidates a selector chooses among for these views, in a fixed order whose first entry
     * is what a random-view baseline trains on (views 0 and 1).
     */
    List<Candidate> candidates(MultiViewBatch views);

    /**
     * Each sample's loss term for each candidate, computed from ONE batched forward over all
     * candidate views under no gradient; parameters (including batch-norm running statistics) are
     * left unchanged.
     *
     * @return {@code [candidates.size(), B]}
     */
    INDArray scoreCandidates(MultiViewBatch views, List<Candidate> candidates);

    /** One optimisation step on the chosen views. Throws if the loss is not finite. */
    StepOutput trainStep(TrainingViews views, StepContext context);

    /**
     * Backbone features for evaluation (kNN, linear probe): inference mode, {@code [B, featureDim]}.
     */
    INDArray features(INDArray images);

    /**
     * The networks that make up the method's state, by name (e.g. {@code "student"},
     * {@code "teacher"}), for checkpoints and inspection.
     */
    Map<String, ComputationGraph> networks();

    /**
     * Extra state to checkpoint besides the networks' parameters (e.g. DINO's centre), by name.
     * Default: none.
     */
    default Map<String, INDArray> state() {
        return Map.of();
    }

    /** Restores extra state written by {@link #state()}. Default: nothing to restore. */
    default void restoreState(Map<String, INDArray> state) {
    }
}
