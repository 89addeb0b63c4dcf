package org.hvs.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong() {
        Result r = run("pretrain", "--views", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--views must be >= 2, got 1"), r.err());

        r = run("pretrain", "--method", "byol");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--method must be one of [simsiam, simclr, dino, ibot], got 'byol'"), r.err());

        r = run("pretrain", "--method", "ibot", "--backbone", "resnet");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--method ibot needs --backbone vit"), r.err());

        r = run("pretrain", "--backbone", "vit", "--vit-dim", "10", "--vit-heads", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--vit-heads must divide --vit-dim"), r.err());

        r = run("pretrain", "--epocs", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown option --epocs"), r.err());

        r = run("pretrain", "--method", "simclr", "--batch", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--batch must be >= 2 for simclr"), r.err());

        r = run("pretrain", "--selection-bn", "frozen");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--selection-bn must be batch or running, got 'frozen'"), r.err());

        r = run("frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown command 'frobnicate'"), r.err());
        assertEquals(2, run().code());
    }

    @Test
    void badDataAndMissingRunsAreErrorsThatNameThePath(@TempDir Path dir) {
        Result r = run("pretrain", "--data", "cifar10=" + dir.resolve("nope"), "--out", dir.resolve("run").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(dir.resolve("nope").toString()), r.err());

        r = run("eval", "--run", dir.resolve("missing").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("missing"), r.err());
    }

    @Test
    void pretrainWritesTheRunDirectoryAndEvalReadsIt(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Result r = run("pretrain", "--method", "simsiam", "--limit", "48", "--epochs", "1", "--batch", "16", "--width", "4",
                "--image-size", "16", "--out", run.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("kNN top-1"), r.out());

        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = json.readValue(run.resolve("summary.json").toFile(), Map.class);
        for (String key : List.of("method", "selector", "views", "epochs", "steps", "images_per_s", "final_loss",
                "knn_top1", "init_knn_top1", "selected_iou_mean", "random_iou_mean", "wall_s")) {
            assertTrue(summary.containsKey(key), "summary.json lacks " + key);
        }
        assertEquals("simsiam", summary.get("method"));
        assertEquals("batch", summary.get("selection_bn"), "the paper's train-mode scoring by default");
        assertEquals("hvs", summary.get("selector"));
        assertEquals(3, ((Number) summary.get("steps")).intValue());
        assertEquals(ProcessMemory.allocator(), summary.get("allocator"), "the run records its native allocator");

        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(3, lines.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> first = json.readValue(lines.get(0), Map.class);
        for (String key : List.of("step", "epoch", "loss", "lr", "step_ms", "select_ms", "selected_iou", "random_iou")) {
            assertTrue(first.containsKey(key), "metrics.jsonl lacks " + key);
        }
        assertTrue(Files.isRegularFile(run.resolve("checkpoint.zip")));
        assertTrue(Files.isRegularFile(run.resolve("plots/loss.png")), "pretrain draws its plots");
        assertTrue(Files.isRegularFile(run.resolve("plots/z_std.png")), "SimSiam's collapse watch is plotted");

        Result e = run("eval", "--run", run.toString(), "--probe-epochs", "5");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("linear probe top-1"), e.out());
        assertTrue(Files.isRegularFile(run.resolve("eval.json")));
    }

    @Test
    void dinoPretrainsWithLocalCropsAndLogsItsCollapseWatch(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("dino");
        Result r = run("pretrain", "--method", "dino", "--limit", "32", "--epochs", "1", "--batch", "16", "--width", "4",
                "--image-size", "16", "--local-crops", "2", "--select-locals", "--local-candidates", "3",
                "--compare-limit", "5", "--dino-out-dim", "16", "--out", run.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(2, lines.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> first = new ObjectMapper().readValue(lines.get(0), Map.class);
        assertTrue(first.containsKey("teacher_entropy") && first.containsKey("kl_teacher_student"), first.toString());
        assertTrue(Files.isRegularFile(run.resolve("checkpoint.zip")));
    }

    @Test
    void ibotPretrainsATinyVitWithMasksAndEvalReadsItsCheckpoint(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("ibot");
        Result r = run("pretrain", "--method", "ibot", "--limit", "32", "--epochs", "1", "--batch", "16",
                "--image-size", "16", "--vit-dim", "16", "--vit-depth", "1", "--vit-heads", "2", "--patch", "4",
                "--local-crops", "2", "--dino-out-dim", "16", "--mask-probability", "1", "--hvs-warmup-epochs", "0",
                "--out", run.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(2, lines.size());
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> first = json.readValue(lines.get(0), Map.class);
        for (String key : List.of("loss", "select_ms", "cls_loss", "patch_loss", "teacher_entropy", "kl_teacher_student",
                "ln_k", "patch_teacher_entropy", "patch_kl_teacher_student", "patch_ln_k", "mask_share")) {
            assertTrue(first.containsKey(key), "metrics.jsonl lacks " + key + ": " + first);
        }
        assertTrue(((Number) first.get("mask_share")).doubleValue() > 0, "the student's views are masked");
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = json.readValue(run.resolve("summary.json").toFile(), Map.class);
        assertEquals("ibot", summary.get("method"));
        assertEquals("vit", summary.get("backbone"));
        assertEquals(16, ((Number) summary.get("vit_dim")).intValue());
        assertTrue(Double.isFinite(((Number) summary.get("final_loss")).doubleValue()));

        Result e = run("eval", "--run", run.toString(), "--probe-epochs", "2");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("linear probe top-1"), e.out());
    }

    @Test
    void simsiamTrainsTheVitBackbone(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("vit-simsiam");
        Result r = run("pretrain", "--method", "simsiam", "--backbone", "vit", "--limit", "32", "--epochs", "1",
                "--batch", "16", "--image-size", "16", "--vit-dim", "16", "--vit-depth", "1", "--vit-heads", "2",
                "--out", run.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = new ObjectMapper().readValue(run.resolve("summary.json").toFile(), Map.class);
        assertEquals("vit", summary.get("backbone"));
        assertEquals(2, ((Number) summary.get("steps")).intValue());
        assertTrue(Double.isFinite(((Number) summary.get("final_loss")).doubleValue()));
    }
}
