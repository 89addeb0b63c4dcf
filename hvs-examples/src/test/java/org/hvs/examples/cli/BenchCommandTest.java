package org.hvs.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.hvs.examples.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hvs bench} with tiny settings: option errors, the JSON keys, the soak's plumbing and verdict. */
class BenchCommandTest {

    /** Tiny settings shared by the runs below: seconds, not minutes. */
    private static final List<String> TINY = List.of("--infer-batch", "4", "--train-batch", "4", "--batch", "4",
            "--width", "4", "--image-size", "16", "--repeats", "2", "--method-steps", "3", "--warmup", "1",
            "--warmup-max-s", "0.5", "--threads", "2");

    private static String[] args(List<String> extra) {
        List<String> all = new java.util.ArrayList<>(List.of("bench"));
        all.addAll(TINY);
        all.addAll(extra);
        return all.toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) throws Exception {
        return new ObjectMapper().readValue(file.toFile(), Map.class);
    }

    @Test
    void badOptionsNameTheValue() {
        MainTest.Result r = run("bench", "--backbones", "vgg");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--backbones must be among [smallcnn, resnet16, resnet32, vit-tiny] or none, got 'vgg'"), r.err());

        r = run("bench", "--method", "simclr,byol");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("got 'byol'"), r.err());

        r = run("bench", "--repeats", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--repeats must be >= 1, got 0"), r.err());

        r = run("bench", "--soak", "-5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--soak must be >= 0, got -5"), r.err());

        r = run("bench", "--soak-tolerance-mb", "lots");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--soak-tolerance-mb must be a number, got 'lots'"), r.err());
    }

    @Test
    void writesTheIssuesKeysAsFlatJson(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        MainTest.Result r = run(args(List.of("--backbones", "smallcnn", "--method", "simsiam", "--out", out.toString())));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("% of sgemm"), r.out());
        Map<String, Object> json = read(out);
        for (String key : List.of("sgemm_gflops", "infer_ms_b256", "infer_gflops", "train_ms_b128", "train_gflops",
                "infer_pct_sgemm", "train_pct_sgemm", "infer_ms_b256_spread_pct", "train_ms_b128_stalls", "peak_rss_mb_b256",
                "simsiam_random_ms", "simsiam_hvs_ms", "simsiam_hvs_ratio", "simsiam_hvs_ratio_half", "views_per_s",
                "consumed_views_per_s", "ratio_floor", "ratio_floor_half", "peak_rss_mb", "warmup_max_s",
                "train_ms_b128_warmup_rounds", "simsiam_hvs_ms_warmup_rounds", "infer_plain_ms_b256", "infer_plain_gflops",
                "simsiam_hvs_select_ms", "simsiam_hvs_train_ms", "simsiam_hvs_half_select_ms", "simsiam_random_train_ms",
                "method_steps")) {
            assertTrue(json.containsKey(key), "bench JSON lacks " + key + ": " + json.keySet());
        }
        for (Object v : json.values()) {
            assertFalse(v instanceof Map || v instanceof List, "not flat: " + v);
        }
        assertTrue(((Number) json.get("sgemm_gflops")).doubleValue() > 0);
        assertTrue(((Number) json.get("peak_rss_mb_b256")).doubleValue() > 0);
        assertEquals(1 + 4 / 6.0, ((Number) json.get("ratio_floor")).doubleValue(), 1e-3);
        assertTrue(((Number) json.get("train_ms_b128_warmup_rounds")).intValue() >= 1, "--warmup 1 is a minimum");
        assertEquals(3, ((Number) json.get("method_steps")).intValue());
        assertTrue(((Number) json.get("simsiam_hvs_select_ms")).doubleValue()
                > ((Number) json.get("simsiam_random_select_ms")).doubleValue(), "HVS selects with a forward, random does not");
    }

    @Test
    void resNetPresetsGetTheirOwnPrefix(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        MainTest.Result r = run(args(List.of("--backbones", "resnet16", "--method", "none", "--out", out.toString())));
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = read(out);
        assertTrue(json.containsKey("resnet16_train_ms_b128") && json.containsKey("resnet16_infer_gflops"), json.keySet().toString());
        assertFalse(json.containsKey("views_per_s"), "no method was benched");
    }

    @Test
    void soakRunsTheStepsAndReportsMemory(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("soak.json");
        MainTest.Result r = run(args(List.of("--method", "simclr", "--soak", "20", "--soak-interval", "5",
                "--soak-tolerance-mb", "100000", "--out", out.toString())));
        assertEquals(0, r.code(), r.err() + r.out());
        assertEquals(4, r.out().lines().filter(l -> l.startsWith("soak step")).count(), r.out());
        Map<String, Object> json = read(out);
        assertEquals(20, ((Number) json.get("soak_steps")).intValue());
        assertEquals(Boolean.TRUE, json.get("soak_ok"));
        assertTrue(json.containsKey("soak_rss_growth_mb") && json.containsKey("soak_peak_rss_mb"), json.keySet().toString());
    }

    @Test
    void soakVerdictSeesSteadyGrowthButNotASawtooth() {
        List<SoakBench.Reading> sawtooth = List.of(r(1, 500), r(2, 900), r(3, 520), r(4, 880), r(5, 510), r(6, 900),
                r(7, 505), r(8, 890));
        assertTrue(SoakBench.verdict(sawtooth, 50).ok());
        List<SoakBench.Reading> leak = List.of(r(1, 500), r(2, 600), r(3, 700), r(4, 800), r(5, 900), r(6, 1000),
                r(7, 1100), r(8, 1200));
        SoakBench.Verdict v = SoakBench.verdict(leak, 50);
        assertFalse(v.ok());
        assertEquals(1100 - 800, v.growthMb(), 1e-9);
    }

    private static SoakBench.Reading r(long step, double rss) {
        return new SoakBench.Reading(step, rss, 10, 20);
    }
}
