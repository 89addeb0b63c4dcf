package org.hvs.core.select;

import org.hvs.augment.CropBox;
import org.hvs.augment.MultiViewBatch;
import org.hvs.core.schedule.Schedule;
import org.hvs.core.testing.TestViews;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IouViewSelectorTest {
    private static final CandidateScorer NO_FORWARD = (v, c) -> {
        throw new AssertionError("IoU selection must not run a forward");
    };

    /** Sample 0: views 1 and 3 are disjoint, the rest overlap; sample 1: views 0 and 2 are disjoint. */
    private static MultiViewBatch planted() {
        CropBox left = new CropBox(0, 0, 10, 20);
        CropBox right = new CropBox(12, 0, 8, 20);
        CropBox middle = new CropBox(5, 0, 10, 20);
        CropBox[][] boxes = {
                {middle, left},
                {left, middle},
                {middle, right},
                {right, middle}};
        return TestViews.random(2, 4, 1, 20, 20, boxes, 1);
    }

    @Test
    void picksTheLowestOverlapPairPerSample() {
        MultiViewBatch views = planted();
        Selection sel = ViewSelector.iou().select(new SelectionRequest(views, Candidates.allPairs(4), NO_FORWARD, 0, 1));
        assertEquals(List.of(1, 3), List.of(sel.first(0), sel.second(0)));
        assertEquals(List.of(0, 2), List.of(sel.first(1), sel.second(1)));
        assertEquals(0.0, Candidates.meanIou(views, sel), 1e-12);
    }

    @Test
    void thresholdChoosesAmongPairsAtOrBelowIt() {
        MultiViewBatch views = planted();
        List<Candidate> candidates = Candidates.allPairs(4);
        for (long seed = 0; seed < 20; seed++) {
            Selection sel = ViewSelector.iou(Schedule.constant(0.5))
                    .select(new SelectionRequest(views, candidates, NO_FORWARD, 3, seed));
            for (int s = 0; s < 2; s++) {
                assertTrue(views.iou(sel.first(s), sel.second(s), s) <= 0.5);
            }
        }
        // threshold below every IoU falls back to the lowest
        Selection none = ViewSelector.iou(Schedule.constant(-1))
                .select(new SelectionRequest(views, candidates, NO_FORWARD, 0, 1));
        assertEquals(1, none.first(0));
        assertEquals(3, none.second(0));
    }
}
