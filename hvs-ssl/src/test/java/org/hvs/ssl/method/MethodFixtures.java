package org.hvs.ssl.method;

import org.hvs.augment.MultiViewBatch;
import org.hvs.core.method.Backbone;
import org.hvs.core.method.StepContext;
import org.hvs.core.testing.TestViews;
import org.hvs.core.testing.TinyNets;

/** Tiny backbones, methods and view batches for the method tests. */
final class MethodFixtures {
    private MethodFixtures() {
    }

    static Backbone backbone(long seed) {
        return Backbone.of(TinyNets.convBackbone(3, 8, 8, seed), 3, 8, 8);
    }

    static SimSiam simSiam(long seed, boolean selectionTrainMode) {
        return SimSiam.builder().backbone(backbone(seed)).projectorHidden(16).projectorDim(16).predictorHidden(8)
                .selectionTrainMode(selectionTrainMode).build();
    }

    static SimClr simClr(long seed, boolean selectionTrainMode) {
        return SimClr.builder().backbone(backbone(seed)).projectorHidden(16).projectorDim(8)
                .selectionTrainMode(selectionTrainMode).build();
    }

    static MultiViewBatch views(int batch, int numViews, long seed) {
        return TestViews.random(batch, numViews, 3, 8, 8, null, seed);
    }

    static StepContext ctx(long step) {
        return new StepContext(step, 0, 1000, 100, 0.05);
    }
}
