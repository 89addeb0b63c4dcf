package org.hvs.core.select;

import java.util.Objects;

/**
 * Random views for the first {@code randomSteps} steps, then another selector. Hard pairs chosen
 * by an untrained network can be too hard to learn from: on the {@code shapes} data, SimCLR with
 * HVS from step 0 for 10 epochs learned nothing useful (kNN 14.1% to 12.7%) while random views
 * reached 27.3%; a random warm-up lets the network learn easy invariances first.
 */
public final class WarmupViewSelector implements ViewSelector {
    private final ViewSelector after;
    private final long randomSteps;
    private final ViewSelector random = new RandomViewSelector();

    public WarmupViewSelector(ViewSelector after, long randomSteps) {
        this.after = Objects.requireNonNull(after, "after");
        if (randomSteps < 0) {
            throw new IllegalArgumentException("randomSteps must be >= 0, got " + randomSteps);
        }
        this.randomSteps = randomSteps;
    }

    @Override
    public String name() {
        return after.name();
    }

    @Override
    public boolean needsForward() {
        return after.needsForward();
    }

    @Override
    public Selection select(SelectionRequest request) {
        return request.step() < randomSteps ? random.select(request) : after.select(request);
    }
}
