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

        Samples both = Samples.merge("m", x, new Samples("u", List.of(s(1, 0, 0, 2), s(2, 0, 0, 4)), 5));
        assertEquals(9, both.samples().size());
        assertEquals(1, both.min(), 1e-9);
        assertEquals(101, both.median(), 1e-9);
        assertEquals("m", both.name());
        assertEquals(2.5, Samples.median(new double[] {4, 1, 2, 3}), 1e-12);
        assertEquals(3, Samples.median(new double[] {5, 3, 1}), 1e-12);
    }

    @Test
    void interleavedSamplingRunsEveryWorkEveryRound() {
        int[] calls = new int[2];
        List<Samples> out = Sampler.interleaved(2, 3, List.of("a", "b"), List.of(() -> calls[0]++, () -> calls[1]++));
        assertEquals(5, calls[0]);
        assertEquals(5, calls[1]);
        assertEquals(3, out.get(1).samples().size());
        assertThrows(IllegalArgumentException.class, () -> Sampler.run("x", 0, 0, () -> { }));
        assertEquals(2, out.get(0).warmupRounds());
    }

    @Test
    void warmupGoesOnUntilTheJitIsQuietForThreeRoundsInARow() {
        // a fake JIT that compiles 50 ms in each of the first 6 rounds and in round 8, then nothing
        long[] jit = {0};
        int[] round = {0};
        Sampler.Warmup w = new Sampler.Warmup(2, Sampler.Warmup.QUIET_SHARE, Sampler.Warmup.QUIET_ROUNDS, 60_000,
                () -> jit[0]);
        List<Samples> out = Sampler.interleaved(w, 2, List.of("a"), List.of(() -> {
            round[0]++;
            if (round[0] <= 6 || round[0] == 8) {
                jit[0] += 50;
            }
        }));
        // rounds 7 quiet, 8 busy, 9-11 quiet: warm-up ends after round 11; 2 timed calls follow
        assertEquals(11, out.get(0).warmupRounds());
        assertEquals(13, round[0]);
        Map<String, Object> json = new LinkedHashMap<>();
        out.get(0).putInto(json, "a");
        assertEquals(11, json.get("a_warmup_rounds"));
        assertTrue(out.get(0).describe().contains("after 11 warm-up rounds"), out.get(0).describe());
    }

    @Test
    void warmupOfABusyJitStopsAtItsTimeLimitAndZeroMeansNone() throws Exception {
        long[] jit = {0};
        Sampler.Warmup busy = new Sampler.Warmup(1, Sampler.Warmup.QUIET_SHARE, Sampler.Warmup.QUIET_ROUNDS, 30,
                () -> jit[0]);
        int rounds = busy.run(() -> {
            jit[0] += 50;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(rounds >= 2 && rounds <= 8, "rounds " + rounds);   // 30 ms of 5 ms rounds, whatever the JIT says
        int[] calls = {0};
        assertEquals(0, Sampler.Warmup.untilJitQuiet(0, 60_000).run(() -> calls[0]++));
        assertEquals(0, calls[0]);
        assertThrows(IllegalArgumentException.class, () -> new Sampler.Warmup(-1, 0, 0, 0, () -> 0));
    }
}
