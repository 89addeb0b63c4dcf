package org.hvs.core.select;

/**
 * The baseline selector: every sample takes the first candidate, i.e. views 0 and 1 of its random
 * candidates, which is exactly what training without HVS does.
 */
public final class RandomViewSelector implements ViewSelector {

    @Override
    public String name() {
        return "random";
    }

    @Override
    public Selection select(SelectionRequest request) {
        return Selection.uniform(request.candidates(), 0, request.views().batchSize());
    }
}
