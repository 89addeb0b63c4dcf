package org.hvs.core.select;

import org.hvs.augment.MultiViewBatch;
import org.hvs.core.testing.TestViews;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HardViewSelectorTest {

    @Test
    void findsThePlantedWorstPairOfEverySample() {
        int b = 16;
        MultiViewBatch views = TestViews.random(b, 4, 3, 8, 8, null, 1);
        List<Candidate> candidates = Candidates.allPairs(4);
        Random rng = new Random(5);
        int[] planted = new int[b];
        double[][] scores = new double[candidates.size()][b];
        for (int s = 0; s < b; s++) {
            planted[s] = rng.nextInt(candidates.size());
            for (int c = 0; c < candidates.size(); c++) {
                scores[c][s] = rng.nextDouble() - 2.0;      // all below -1
            }
            scores[planted[s]][s] = -0.5 + rng.nextDouble() * 0.1;  // the worst (highest) loss
        }
        AtomicInteger calls = new AtomicInteger();
        CandidateScorer scorer = (v, c) -> {
            calls.incrementAndGet();
            return Nd4j.createFromArray(scores);
        };
        Selection sel = ViewSelector.hard().select(new SelectionRequest(views, candidates, scorer, 0, 1));
        assertEquals(1, calls.get(), "one scoring call per step");
        for (int s = 0; s < b; s++) {
            assertEquals(planted[s], sel.chosen()[s], "sample " + s);
            assertEquals(candidates.get(planted[s]), sel.candidate(s));
        }
    }

    @Test
    void scoresOnDownscaledViewsWhenAskedTo() {
        MultiViewBatch views = TestViews.random(4, 4, 3, 16, 16, null, 2);
        List<Candidate> candidates = Candidates.allPairs(4);
        CandidateScorer scorer = (v, c) -> {
            assertEquals(8, v.view(0).size(2));
            assertEquals(8, v.view(3).size(3));
            return Nd4j.zeros(c.size(), v.batchSize());
        };
        Selection sel = ViewSelector.hard(0.5).select(new SelectionRequest(views, candidates, scorer, 0, 1));
        assertEquals(4, sel.batchSize());
    }

    @Test
    void nanScoresStopWithTheStepAndSample() {
        MultiViewBatch views = TestViews.random(3, 2, 1, 4, 4, null, 3);
        List<Candidate> candidates = Candidates.allPairs(2);
        CandidateScorer scorer = (v, c) -> Nd4j.createFromArray(new double[][] {{0.1, Double.NaN, 0.3}});
        IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> ViewSelector.hard().select(new SelectionRequest(views, candidates, scorer, 17, 1)));
        assertTrue(ex.getMessage().contains("step 17") && ex.getMessage().contains("sample 1"), ex.getMessage());
    }

    @Test
    void rejectsScoresOfTheWrongShape() {
        MultiViewBatch views = TestViews.random(3, 3, 1, 4, 4, null, 3);
        CandidateScorer scorer = (v, c) -> Nd4j.zeros(2, 3);
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> ViewSelector.hard()
                .select(new SelectionRequest(views, Candidates.allPairs(3), scorer, 0, 1)));
        assertTrue(ex.getMessage().contains("[3, 3]"), ex.getMessage());
    }

    @Test
    void rejectsBadSelectScale() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ViewSelector.hard(1.5));
        assertEquals("selectScale must be in (0, 1], got 1.5", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ViewSelector.hard(0));
    }

    @Test
    void randomSelectorTakesViewsZeroAndOneWithoutScoring() {
        MultiViewBatch views = TestViews.random(5, 4, 1, 4, 4, null, 4);
        CandidateScorer scorer = (v, c) -> {
            throw new AssertionError("random selection must not run a forward");
        };
        Selection sel = ViewSelector.random().select(new SelectionRequest(views, Candidates.allPairs(4), scorer, 0, 1));
        for (int s = 0; s < 5; s++) {
            assertEquals(0, sel.first(s));
            assertEquals(1, sel.second(s));
        }
    }

    @Test
    void warmupSelectsRandomlyUntilItsStepThenHard() {
        MultiViewBatch views = TestViews.random(2, 3, 1, 4, 4, null, 4);
        List<Candidate> c = Candidates.allPairs(3);
        CandidateScorer lastIsWorst = (v, cs) -> Nd4j.createFromArray(new double[][] {{0, 0}, {0, 0}, {1, 1}});
        ViewSelector s = ViewSelector.afterWarmup(ViewSelector.hard(), 10);
        assertEquals(0, s.select(new SelectionRequest(views, c, (v, cs) -> {
            throw new AssertionError("no forward during warm-up");
        }, 9, 1)).chosen()[0]);
        assertEquals(2, s.select(new SelectionRequest(views, c, lastIsWorst, 10, 1)).chosen()[1]);
        assertEquals("hvs", s.name());
        assertThrows(IllegalArgumentException.class, () -> ViewSelector.afterWarmup(ViewSelector.hard(), -1));
    }

    @Test
    void argmaxTakesTheFirstOfTies() {
        INDArray s = Nd4j.createFromArray(new double[][] {{1, 0}, {1, 2}});
        int[] best = HardViewSelector.argmaxPerSample(s, 0);
        assertEquals(0, best[0]);
        assertEquals(1, best[1]);
    }
}
