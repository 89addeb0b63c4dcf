package org.hvs.ssl.loss;

import org.hvs.core.select.Candidate;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DinoCandidatesTest {
    private static final int[] ALTERNATING = {0, 1, 0, 1};

    @Test
    void fourGlobalsGiveFourRecipePairs() {
        List<Candidate> c = DinoLoss.candidates(ALTERNATING, 0, 0, 0, 1L);
        assertEquals(List.of(Candidate.pair(0, 1), Candidate.pair(0, 3), Candidate.pair(2, 1), Candidate.pair(2, 3)), c);
        assertEquals(List.of(Candidate.pair(0, 1)), DinoLoss.candidates(new int[] {0, 1}, 0, 0, 0, 1L));
    }

    @Test
    void sixLocalsChooseTwoGiveSixty() {
        List<Candidate> c = DinoLoss.candidates(ALTERNATING, 6, 2, 0, 1L);
        assertEquals(60, c.size(), "limit 0 means no cap");
        assertEquals(new Candidate(0, 1, new int[] {0, 1}), c.get(0));
        assertEquals(new Candidate(0, 1, new int[] {0, 2}), c.get(1));
        assertEquals(new Candidate(0, 3, new int[] {0, 1}), c.get(15));
        assertEquals(new Candidate(2, 3, new int[] {4, 5}), c.get(59));
        assertEquals(60, new HashSet<>(c).size(), "all distinct");
        assertEquals(60, DinoLoss.candidates(ALTERNATING, 6, 2, 60, 1L).size());
        assertEquals(60, DinoLoss.candidates(ALTERNATING, 6, 2, 1000, 1L).size());
    }

    @Test
    void limitSamplesSeededAndKeepsTheFirst() {
        List<Candidate> all = DinoLoss.candidates(ALTERNATING, 6, 2, 0, 1L);
        List<Candidate> c = DinoLoss.candidates(ALTERNATING, 6, 2, 10, 42L);
        assertEquals(10, c.size());
        assertEquals(new Candidate(0, 1, new int[] {0, 1}), c.get(0));
        assertEquals(10, new HashSet<>(c).size());
        assertTrue(all.containsAll(c));
        assertEquals(c, DinoLoss.candidates(ALTERNATING, 6, 2, 10, 42L), "same seed, same candidates");
        assertNotEquals(c, DinoLoss.candidates(ALTERNATING, 6, 2, 10, 43L), "another seed, another subset");
        int last = -1;
        for (Candidate x : c) {
            int idx = all.indexOf(x);
            assertTrue(idx > last, "kept in enumeration order");
            last = idx;
        }
        assertEquals(List.of(all.get(0)), DinoLoss.candidates(ALTERNATING, 6, 2, 1, 42L));
    }

    @Test
    void recipeOrderDecidesFirstAndSecond() {
        List<Candidate> c = DinoLoss.candidates(new int[] {1, 0, 1, 0}, 0, 0, 0, 1L);
        assertEquals(List.of(Candidate.pair(1, 0), Candidate.pair(1, 2), Candidate.pair(3, 0), Candidate.pair(3, 2)), c);
    }

    @Test
    void subsetsAreLexicographic() {
        List<int[]> s = DinoCandidates.subsets(4, 3);
        assertEquals(4, s.size());
        assertArrayEquals(new int[] {0, 1, 2}, s.get(0));
        assertArrayEquals(new int[] {1, 2, 3}, s.get(3));
        assertEquals(1, DinoCandidates.subsets(5, 0).size());
        assertEquals(1, DinoCandidates.subsets(5, 5).size());
    }

    @Test
    void validation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DinoLoss.candidates(ALTERNATING, 6, 2, -1, 1L));
        assertTrue(e.getMessage().contains("limit must be >= 0 (0 = no cap), got -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DinoLoss.candidates(ALTERNATING, 2, 3, 0, 1L));
        assertTrue(e.getMessage().contains("localsPerCandidate must be in [0, numLocals=2], got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DinoLoss.candidates(ALTERNATING, -1, 0, 0, 1L));
        assertTrue(e.getMessage().contains("numLocals must be >= 0, got -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DinoLoss.candidates(new int[] {0, 0}, 0, 0, 0, 1L));
        assertTrue(e.getMessage().contains("[0, 0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DinoLoss.candidates(new int[] {0, 2}, 0, 0, 0, 1L));
        assertTrue(e.getMessage().contains("got 2 for view 1"), e.getMessage());
        assertThrows(NullPointerException.class, () -> DinoLoss.candidates(null, 0, 0, 0, 1L));
    }
}
