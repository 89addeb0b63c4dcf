package org.hvs.core.method;

import org.hvs.core.train.Optimizer;

import java.util.Objects;

/**
 * What a method needs to build its networks: the optimiser (updater and weight decay) and the
 * seed for weight initialisation.
 */
public record TrainingSetup(Optimizer optimizer, long seed) {
    public TrainingSetup {
        Objects.requireNonNull(optimizer, "optimizer");
    }
}
