package org.hvs.core.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.hvs.core.method.SslMethod;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A training checkpoint: every network of a method (parameters, configuration and updater state,
 * in DL4J's own model format), the method's extra state (e.g. DINO's centre) and a metadata map
 * (step, epoch, method, feature vertex), all in one zip file.
 *
 * <p>Writing is atomic: the zip is written to a temporary file beside the target and renamed over
 * it, so an interrupted or failed save never leaves a half-written checkpoint and the previous one
 * stays intact.
 *
 * <pre>{@code
 * Checkpoint.save(path, method, Map.of("step", 1200, "epoch", 3));
 * Checkpoint cp = Checkpoint.load(path);
 * ComputationGraph student = cp.network("student");
 * }</pre>
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NET = "networks/";
    private static final String STATE = "state/";
    private static final String META = "meta.json";

    private final Map<String, ComputationGraph> networks;
    private final Map<String, INDArray> state;
    private final Map<String, Object> meta;

    private Checkpoint(Map<String, ComputationGraph> networks, Map<String, INDArray> state, Map<String, Object> meta) {
        this.networks = networks;
        this.state = state;
        this.meta = meta;
    }

    /** Saves the method's networks and state with {@code meta} to {@code file}, atomically. */
    public static void save(Path file, SslMethod method, Map<String, ?> meta) {
        Objects.requireNonNull(method, "method");
        save(file, method.networks(), method.state(), meta);
    }

    /** Saves networks, state and metadata to {@code file}, atomically (temporary file, then rename). */
    public static void save(Path file, Map<String, ComputationGraph> networks, Map<String, INDArray> state,
                            Map<String, ?> meta) {
        Objects.requireNonNull(file, "file");
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                    for (Map.Entry<String, ComputationGraph> e : networks.entrySet()) {
                        ByteArrayOutputStream buf = new ByteArrayOutputStream();
                        ModelSerializer.writeModel(e.getValue(), buf, true);
                        zip.putNextEntry(new ZipEntry(NET + e.getKey()));
                        zip.write(buf.toByteArray());
                        zip.closeEntry();
                    }
                    for (Map.Entry<String, INDArray> e : state.entrySet()) {
                        zip.putNextEntry(new ZipEntry(STATE + e.getKey()));
                        DataOutputStream dos = new DataOutputStream(zip);
                        Nd4j.write(e.getValue(), dos);
                        dos.flush();
                        zip.closeEntry();
                    }
                    zip.putNextEntry(new ZipEntry(META));
                    zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
                    zip.closeEntry();
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Reads a checkpoint written by {@link #save}. */
    @SuppressWarnings("unchecked")
    public static Checkpoint load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no checkpoint file at " + file);
        }
        Map<String, ComputationGraph> networks = new LinkedHashMap<>();
        Map<String, INDArray> state = new LinkedHashMap<>();
        Map<String, Object> meta = null;
        try (InputStream is = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(is)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                byte[] bytes = zip.readAllBytes();
                String name = e.getName();
                if (name.startsWith(NET)) {
                    networks.put(name.substring(NET.length()),
                            ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), true));
                } else if (name.startsWith(STATE)) {
                    state.put(name.substring(STATE.length()), Nd4j.read(new DataInputStream(new ByteArrayInputStream(bytes))));
                } else if (name.equals(META)) {
                    meta = JSON.readValue(bytes, Map.class);
                }
            }
        } catch (IOException | RuntimeException ex) {
            throw new IllegalArgumentException("cannot read checkpoint " + file + ": " + ex.getMessage(), ex);
        }
        if (meta == null || networks.isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + file + " is incomplete: "
                    + (meta == null ? "no " + META : "no networks"));
        }
        return new Checkpoint(networks, state, meta);
    }

    /**
     * Copies the saved parameters and updater state into the method's existing networks, and its
     * extra state; the method must be initialised with the same architecture.
     */
    public void restoreInto(SslMethod method) {
        for (Map.Entry<String, ComputationGraph> e : method.networks().entrySet()) {
            ComputationGraph saved = networks.get(e.getKey());
            if (saved == null) {
                throw new IllegalArgumentException("checkpoint has no network '" + e.getKey() + "', only " + networks.keySet());
            }
            ComputationGraph target = e.getValue();
            if (saved.numParams() != target.numParams()) {
                throw new IllegalArgumentException("network '" + e.getKey() + "' has " + target.numParams()
                        + " parameters but the checkpoint has " + saved.numParams());
            }
            target.params().assign(saved.params());
            if (saved.getUpdater() != null && saved.getUpdater().getStateViewArray() != null
                    && target.getUpdater().getStateViewArray() != null) {
                target.getUpdater().getStateViewArray().assign(saved.getUpdater().getStateViewArray());
            }
            target.getConfiguration().setIterationCount(saved.getConfiguration().getIterationCount());
            target.getConfiguration().setEpochCount(saved.getConfiguration().getEpochCount());
        }
        method.restoreState(state);
    }

    public ComputationGraph network(String name) {
        ComputationGraph g = networks.get(name);
        if (g == null) {
            throw new IllegalArgumentException("checkpoint has no network '" + name + "', only " + networks.keySet());
        }
        return g;
    }

    public Map<String, ComputationGraph> networks() {
        return Map.copyOf(networks);
    }

    public Map<String, INDArray> state() {
        return Map.copyOf(state);
    }

    public Map<String, Object> meta() {
        return Map.copyOf(meta);
    }
}
