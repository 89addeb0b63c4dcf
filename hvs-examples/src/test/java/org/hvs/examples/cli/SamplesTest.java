package org.hvs.examples.cli;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Medians, spread and stall attribution of the bench's timings. */
class SamplesTest {

    private static Samples.Sample s(double ms, double gcMs, double jitMs, double cpuMs) {
        return new Samples.Sample(ms, gcMs, jitMs, cpuMs, 100, 0);
    }

    @Test
    void medianSpreadAndStallCauses() {
        Samples x = new Samples("t", List.of(s(100, 0, 0, 190), s(102, 0, 0, 195), s(98, 0, 0, 190), s(101, 0, 0, 190),
                s(400, 290, 0, 500), s(300, 0, 190, 560), s(350, 0, 0, 200)));
        assertEquals(102, x.median(), 1e-9);
        assertEquals(98, x.min(), 1e-9);
        assertEquals(400, x.max(), 1e-9);
        assertEquals(3, x.stalls().size());
        assertEquals(Map.of("gc", 1, "jit", 1, "load", 1), x.stallCauses());
        assertTrue(x.describe().contains("stalls {gc=1, jit=1, load=1}"), x.describe());

        Map<String, Object> json = new LinkedHashMap<>();
        x.putInto(json, "k");
        assertEquals(102.0, json.get("k"));
        assertEquals(3, json.get("k_stalls"));
        assertTrue(json.containsKey("k_spread_pct"));
    }

    @Test
    void interleavedSamplingRunsEveryWorkEveryRound() {
        int[] calls = new int[2];
        List<Samples> out = Sampler.interleaved(2, 3, List.of("a", "b"), List.of(() -> calls[0]++, () -> calls[1]++));
        assertEquals(5, calls[0]);
        assertEquals(5, calls[1]);
        assertEquals(3, out.get(1).samples().size());
        assertThrows(IllegalArgumentException.class, () -> Sampler.run("x", 0, 0, () -> { }));
    }
}
