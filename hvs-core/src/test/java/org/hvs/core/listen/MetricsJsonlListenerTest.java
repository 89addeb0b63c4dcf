package org.hvs.core.listen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsJsonlListenerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    @Test
    void oneObjectPerStepWithStandardKeysExtrasAndNullForNaN(@TempDir Path tmp) throws IOException {
        Path runDir = tmp.resolve("run");
        MetricsJsonlListener l = new MetricsJsonlListener(runDir);
        l.onFitStart(new FitInfo("dino", "hvs", 1, 2, 2, 4));
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("teacher_entropy", 2.5);
        extra.put("center_norm", Double.NaN);
        l.onStepEnd(new StepRecord(0, 0, 4.25, 1e-3, 80.5, 20.25, 0.125, 0.5, extra));
        // flushed per line: readable before the fit ends
        assertEquals(1, read(runDir.resolve("metrics.jsonl")).size());
        l.onStepEnd(new StepRecord(1, 0, Double.NaN, 2e-3, 70, 0, Double.NaN, Double.POSITIVE_INFINITY, Map.of()));
        l.onFitEnd(new FitSummary(2, 150, Double.NaN));

        List<JsonNode> rows = read(l.file());
        assertEquals(2, rows.size());
        JsonNode first = rows.get(0);
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = first.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertEquals(List.of("step", "epoch", "loss", "lr", "step_ms", "select_ms", "selected_iou", "random_iou",
                "teacher_entropy", "center_norm"), keys);
        assertEquals(0, first.get("step").asLong());
        assertEquals(4.25, first.get("loss").asDouble());
        assertEquals(1e-3, first.get("lr").asDouble());
        assertEquals(80.5, first.get("step_ms").asDouble());
        assertEquals(20.25, first.get("select_ms").asDouble());
        assertEquals(0.125, first.get("selected_iou").asDouble());
        assertEquals(0.5, first.get("random_iou").asDouble());
        assertEquals(2.5, first.get("teacher_entropy").asDouble());
        assertTrue(first.get("center_norm").isNull());

        JsonNode second = rows.get(1);
        assertEquals(1, second.get("step").asLong());
        assertTrue(second.get("loss").isNull());
        assertTrue(second.get("selected_iou").isNull());
        assertTrue(second.get("random_iou").isNull(), "infinity is written as null too");
        assertEquals(8, second.size());
    }

    @Test
    void replacesByDefaultAndAppendsWhenAsked(@TempDir Path tmp) throws IOException {
        try (MetricsJsonlListener l = new MetricsJsonlListener(tmp)) {
            l.onStepEnd(StepRecord.of(0, 0, 1, 0.1, 5));
            l.onStepEnd(StepRecord.of(1, 0, 1, 0.1, 5));
        }
        try (MetricsJsonlListener l = new MetricsJsonlListener(tmp)) {
            l.onStepEnd(StepRecord.of(0, 0, 3, 0.1, 5));
        }
        assertEquals(1, read(tmp.resolve("metrics.jsonl")).size());
        try (MetricsJsonlListener l = new MetricsJsonlListener(tmp, true)) {
            l.onStepEnd(StepRecord.of(1, 0, 2, 0.1, 5));
        }
        List<JsonNode> rows = read(tmp.resolve("metrics.jsonl"));
        assertEquals(2, rows.size());
        assertEquals(3.0, rows.get(0).get("loss").asDouble());
        assertEquals(2.0, rows.get(1).get("loss").asDouble());
    }

    @Test
    void eventsAfterCloseAppendInsteadOfTruncating(@TempDir Path tmp) throws IOException {
        MetricsJsonlListener l = new MetricsJsonlListener(tmp);
        l.onStepEnd(StepRecord.of(0, 0, 1, 0.1, 5));
        l.onFitEnd(new FitSummary(1, 5, 1));
        l.onStepEnd(StepRecord.of(1, 0, 1, 0.1, 5));
        l.close();
        assertEquals(2, read(l.file()).size());
    }

    @Test
    void unwritableDirectoryNamesTheFile(@TempDir Path tmp) throws IOException {
        Path notADir = Files.writeString(tmp.resolve("plain-file"), "x");
        MetricsJsonlListener l = new MetricsJsonlListener(notADir);
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> l.onStepEnd(StepRecord.of(0, 0, 1, 0.1, 5)));
        assertTrue(e.getMessage().startsWith("cannot open "), e.getMessage());
        assertTrue(e.getMessage().contains("plain-file"), e.getMessage());
    }
}
