package org.hvs.ssl.method;

import org.hvs.augment.MultiViewBatch;
import org.hvs.augment.ViewParams;
import org.hvs.core.method.Backbone;
import org.hvs.core.method.SslMethod;
import org.hvs.core.method.StepContext;
import org.hvs.core.select.Candidate;
import org.hvs.core.select.Selection;
import org.hvs.core.select.SelectionRequest;
import org.hvs.core.select.ViewSelector;
import org.hvs.core.testing.TestViews;
import org.hvs.core.testing.TinyNets;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /**
     * The batch {@code views} (6 samples, 4 globals of recipes 0, 1, 0, 1) with globals 0-2 of every sample
     * replaced by its view 0 and global 3 by another image (the next sample's view 0, inverted): every pair
     * with global 3 is the planted worst pair. Parameters and locals are kept.
     */
    static MultiViewBatch plantedWorstFourthView(MultiViewBatch views) {
        int b = views.batchSize();
        INDArray other = views.view(0).get(NDArrayIndex.indices(1, 2, 3, 4, 5, 0), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all()).rsub(1.0);
        List<INDArray> globals = List.of(views.view(0), views.view(0), views.view(0), other);
        ViewParams[][] params = new ViewParams[4][b];
        for (int v = 0; v < 4; v++) {
            for (int s = 0; s < b; s++) {
                params[v][s] = views.params(v, s);
            }
        }
        ViewParams[][] localParams = new ViewParams[views.numLocalViews()][b];
        for (int l = 0; l < localParams.length; l++) {
            for (int s = 0; s < b; s++) {
                localParams[l][s] = views.localParams(l, s);
            }
        }
        return new MultiViewBatch(globals, params, new int[] {0, 1, 0, 1}, views.localViews(), localParams,
                views.imageIndices());
    }

    /**
     * Hard selection on {@link #plantedWorstFourthView(MultiViewBatch)} of {@code views} at step 0,
     * epoch 0: every sample must pick a pair with global 3.
     */
    static void assertHvsPicksThePlantedFourthView(SslMethod method, MultiViewBatch views) {
        MultiViewBatch planted = plantedWorstFourthView(views);
        method.beginStep(new StepContext(0, 0, 100, 10, 5e-3));
        List<Candidate> cands = method.candidates(planted);
        Selection sel = ViewSelector.hard().select(new SelectionRequest(planted, cands, method::scoreCandidates, 0, 1));
        for (int s = 0; s < views.batchSize(); s++) {
            assertEquals(3, sel.candidate(s).second(), "sample " + s + " chose " + sel.candidate(s));
        }
    }

    static StepContext ctx(long step) {
        return new StepContext(step, 0, 1000, 100, 0.05);
    }
}
