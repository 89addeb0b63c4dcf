package org.hvs.core.method;

import org.hvs.augment.MultiViewBatch;
import org.hvs.core.select.Candidate;
import org.hvs.core.select.Candidates;
import org.hvs.core.select.Selection;
import org.hvs.core.testing.TestViews;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingViewsTest {

    @Test
    void chosenGathersTheSelectedViewsAndRecordsTheirOrigin() {
        MultiViewBatch batch = TestViews.random(3, 4, 1, 4, 4, null, 5);
        List<Candidate> candidates = Candidates.allPairs(4);
        Selection sel = new Selection(candidates, new int[] {0, 5, 2});   // (0,1), (2,3), (0,3)
        TrainingViews tv = TrainingViews.chosen(batch, sel);
        assertTrue(tv.hasOrigin());
        assertArrayEquals(batch.imageIndices(), tv.origin().imageIndices());
        assertArrayEquals(new int[] {0, 2, 0}, tv.origin().firstViews());
        assertArrayEquals(new int[] {1, 3, 3}, tv.origin().secondViews());
        for (int b = 0; b < 3; b++) {
            INDArray first = batch.view(tv.origin().firstView(b)).slice(b);
            INDArray second = batch.view(tv.origin().secondView(b)).slice(b);
            assertEquals(first, tv.first().slice(b), "sample " + b);
            assertEquals(second, tv.second().slice(b), "sample " + b);
        }
    }

    @Test
    void handMadeViewsHaveNoOriginAndAMismatchedOriginIsAnError() {
        MultiViewBatch batch = TestViews.random(2, 2, 1, 4, 4, null, 6);
        TrainingViews tv = new TrainingViews(batch.view(0), batch.view(1), List.of());
        assertFalse(tv.hasOrigin());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new TrainingViews(batch.view(0), batch.view(1), List.of(), ViewOrigin.firstPair(new int[] {0, 1, 2})));
        assertTrue(ex.getMessage().contains("origin has 3 samples"), ex.getMessage());
    }

    @Test
    void viewOriginValidatesAndCopies() {
        int[] images = {4, 9};
        ViewOrigin o = ViewOrigin.firstPair(images);
        images[0] = 99;
        assertEquals(4, o.imageIndex(0));
        assertEquals(0, o.firstView(1));
        assertEquals(1, o.secondView(1));
        assertEquals(o, ViewOrigin.firstPair(new int[] {4, 9}));
        assertThrows(IllegalArgumentException.class, () -> new ViewOrigin(new int[] {1}, new int[] {0, 1}, new int[] {1}));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new ViewOrigin(new int[] {1}, new int[] {-1}, new int[] {1}));
        assertTrue(ex.getMessage().contains("-1"), ex.getMessage());
    }
}
