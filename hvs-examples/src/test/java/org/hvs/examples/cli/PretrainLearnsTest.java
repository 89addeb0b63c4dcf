package org.hvs.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end on {@code shapes}: the default SimCLR run with HVS after a random warm-up lowers the loss,
 * raises kNN accuracy above the untrained network, and the pairs HVS selects overlap less than the
 * pairs a random selector would have taken. It is the README's main job: about three minutes on 2 cores.
 */
class PretrainLearnsTest {

    @Test
    @SuppressWarnings("unchecked")
    void simclrWithHvsLowersTheLossRaisesKnnAndPicksLowerIouPairs(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        // the README's main job, as it is run there (defaults: SimCLR, 4,000 images, 10 epochs, batch 128,
        // HVS after 5 random epochs); shorter runs do not yet separate the classes
        MainTest.Result r = MainTest.run("pretrain", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> summary = json.readValue(run.resolve("summary.json").toFile(), Map.class);
        List<Number> epochLosses = (List<Number>) summary.get("epoch_losses");
        assertTrue(epochLosses.get(epochLosses.size() - 1).doubleValue() < epochLosses.get(0).doubleValue(),
                "loss should fall: " + epochLosses);
        double before = ((Number) summary.get("init_knn_top1")).doubleValue();
        double after = ((Number) summary.get("knn_top1")).doubleValue();
        assertTrue(after >= before + 10, "kNN top-1 should rise by 10+ points: " + before + " -> " + after);

        double sel = 0, rand = 0;
        int n = 0;
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            Map<String, Object> m = json.readValue(line, Map.class);
            if (((Number) m.get("epoch")).intValue() >= 5) {      // the HVS phase
                sel += ((Number) m.get("selected_iou")).doubleValue();
                rand += ((Number) m.get("random_iou")).doubleValue();
                n++;
            }
        }
        assertTrue(n > 0);
        assertTrue(sel / n < rand / n, "HVS pairs should overlap less than random pairs: " + sel / n + " vs " + rand / n);
    }
}
