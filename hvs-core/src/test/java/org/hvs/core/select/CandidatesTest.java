package org.hvs.core.select;

import org.hvs.augment.MultiViewBatch;
import org.hvs.core.testing.TestViews;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CandidatesTest {

    @Test
    void allPairsOfFourViewsAreSixStartingWithZeroOne() {
        List<Candidate> pairs = Candidates.allPairs(4);
        assertEquals(6, pairs.size());
        assertEquals(Candidate.pair(0, 1), pairs.get(0));
        assertEquals(Candidate.pair(2, 3), pairs.get(5));
        assertEquals(1, Candidates.allPairs(2).size());
        assertEquals(28, Candidates.allPairs(8).size());
    }

    @Test
    void fewerThanTwoViewsIsAnError() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Candidates.allPairs(1));
        assertEquals("views must be >= 2, got 1", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Candidate.pair(2, 2));
    }

    @Test
    void gatherTakesEachSamplesChosenViews() {
        MultiViewBatch views = TestViews.random(3, 4, 2, 4, 4, null, 9);
        List<Candidate> c = Candidates.allPairs(4);
        Selection sel = new Selection(c, new int[] {5, 0, 2}); // (2,3), (0,1), (0,3)
        INDArray first = Candidates.gatherFirst(views, sel);
        INDArray second = Candidates.gatherSecond(views, sel);
        assertEquals(views.view(2).slice(0), first.slice(0));
        assertEquals(views.view(3).slice(0), second.slice(0));
        assertEquals(views.view(0).slice(1), first.slice(1));
        assertEquals(views.view(1).slice(1), second.slice(1));
        assertEquals(views.view(0).slice(2), first.slice(2));
        assertEquals(views.view(3).slice(2), second.slice(2));
    }

    @Test
    void stackIsViewMajor() {
        MultiViewBatch views = TestViews.random(3, 2, 1, 2, 2, null, 9);
        INDArray all = Candidates.stackViews(views);
        assertEquals(6, all.size(0));
        assertEquals(views.view(1).slice(2), all.slice(5));
        assertEquals(views.view(0).slice(1), all.slice(1));
        assertEquals(Nd4j.concat(0, views.view(0), views.view(1)), all);
    }
}
