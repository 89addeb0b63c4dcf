package org.hvs.core.io;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hvs.core.testing.TinyNets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {

    @Test
    void roundTripsNetworksStateAndMeta(@TempDir Path dir) throws IOException {
        ComputationGraph g = TinyNets.convBackbone(3, 8, 4, 3);
        Path file = dir.resolve("checkpoint.zip");
        Checkpoint.save(file, Map.of("student", g), Map.of("center", Nd4j.createFromArray(1f, 2f, 3f)),
                Map.of("step", 12, "method", "simsiam"));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file may be left behind");
        }
        Checkpoint cp = Checkpoint.load(file);
        assertEquals(g.params(), cp.network("student").params());
        assertEquals(Nd4j.createFromArray(1f, 2f, 3f), cp.state().get("center"));
        assertEquals(12, cp.meta().get("step"));
        assertEquals("simsiam", cp.meta().get("method"));
    }

    @Test
    void aFailedSaveLeavesThePreviousCheckpointIntact(@TempDir Path dir) throws IOException {
        ComputationGraph g = TinyNets.convBackbone(3, 8, 4, 3);
        Path file = dir.resolve("checkpoint.zip");
        Checkpoint.save(file, Map.of("student", g), Map.of(), Map.of("step", 1));
        byte[] before = Files.readAllBytes(file);
        Map<String, Object> unserialisable = Map.of("bad", new Object());
        assertThrows(RuntimeException.class, () -> Checkpoint.save(file, Map.of("student", g), Map.of(), unserialisable));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "previous checkpoint changed");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file may be left behind");
        }
    }

    @Test
    void loadingGarbageNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.zip");
        Files.write(file, new byte[] {1, 2, 3});
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file));
        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(dir.resolve("missing.zip")));
    }
}
