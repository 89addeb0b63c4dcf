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
    void rowGatherOnMemoryEqualsTheSliceGatherForEveryTypeAndForViews() {
        for (org.nd4j.linalg.api.buffer.DataType type : new org.nd4j.linalg.api.buffer.DataType[] {
                org.nd4j.linalg.api.buffer.DataType.FLOAT, org.nd4j.linalg.api.buffer.DataType.DOUBLE,
                org.nd4j.linalg.api.buffer.DataType.HALF}) {
            Nd4j.getRandom().setSeed(3);
            List<INDArray> views = List.of(Nd4j.rand(type, 5, 3, 4, 2), Nd4j.rand(type, 5, 3, 4, 2),
                    Nd4j.rand(type, 5, 3, 4, 2));
            int[] source = {2, 0, 1, 2, 1};
            INDArray got = Candidates.gatherRows(views, source);
            for (int s = 0; s < source.length; s++) {
                assertEquals(views.get(source[s]).slice(s), got.slice(s), type + " row " + s);
            }
            // a view (the last five rows of a bigger array, at an offset) takes the slice path, same rows
            INDArray big = Nd4j.rand(type, 10, 3, 4, 2);
            INDArray tail = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 10));
            INDArray mixed = Candidates.gatherRows(List.of(views.get(0), tail), new int[] {1, 1, 0, 1, 0});
            assertEquals(big.slice(5), mixed.slice(0));
            assertEquals(big.slice(8), mixed.slice(3));
            assertEquals(views.get(0).slice(4), mixed.slice(4));
        }
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
