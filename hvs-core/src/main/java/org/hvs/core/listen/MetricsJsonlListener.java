package org.hvs.core.listen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;

/**
 * Writes {@code metrics.jsonl} in a run directory: one JSON object per step, with keys
 * {@code step, epoch, loss, lr, step_ms, select_ms, selected_iou, random_iou} followed by the
 * step's extra metrics. Each line is flushed as it is written, so the file can be followed while
 * training runs and survives a crash. JSON has no NaN or infinity: such values are written as
 * {@code null}.
 *
 * <p>The file is opened (created or truncated, or appended to when asked) at the first event and
 * closed at {@link #onFitEnd} or {@link #close()}; a later event opens it again for appending.
 *
 * <pre>{@code
 * try (MetricsJsonlListener metrics = new MetricsJsonlListener(runDir)) {
 *     trainer.fit(data, TrainingListener.all(console, metrics));
 * }
 * // {"step":0,"epoch":0,"loss":4.21,"lr":1.0E-4,"step_ms":85.2,"select_ms":20.1,"selected_iou":0.18,"random_iou":null}
 * }</pre>
 */
public final class MetricsJsonlListener implements TrainingListener, AutoCloseable {
    /** The file name inside the run directory. */
    public static final String FILE_NAME = "metrics.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private boolean append;
    private BufferedWriter out;

    /** Writes {@code runDir/metrics.jsonl}, replacing an existing file. */
    public MetricsJsonlListener(Path runDir) {
        this(runDir, false);
    }

    /**
     * @param runDir the run directory (created if missing)
     * @param append whether to append to an existing file (resuming a run) instead of replacing it
     */
    public MetricsJsonlListener(Path runDir, boolean append) {
        this.file = Objects.requireNonNull(runDir, "runDir").resolve(FILE_NAME);
        this.append = append;
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void onFitStart(FitInfo info) {
        ensureOpen();
    }

    @Override
    public synchronized void onStepEnd(StepRecord r) {
        Objects.requireNonNull(r, "record");
        ObjectNode o = JSON.createObjectNode();
        o.put("step", r.step());
        o.put("epoch", r.epoch());
        putNumber(o, "loss", r.loss());
        putNumber(o, "lr", r.lr());
        putNumber(o, "step_ms", r.stepMs());
        putNumber(o, "select_ms", r.selectMs());
        putNumber(o, "selected_iou", r.selectedIou());
        putNumber(o, "random_iou", r.randomIou());
        for (Map.Entry<String, Double> e : r.extra().entrySet()) {
            putNumber(o, e.getKey(), e.getValue());
        }
        ensureOpen();
        try {
            out.write(JSON.writeValueAsString(o));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public synchronized void onFitEnd(FitSummary summary) {
        close();
    }

    /** Closes the file; idempotent. */
    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file, e);
            } finally {
                out = null;
                append = true;
            }
        }
    }

    private static void putNumber(ObjectNode o, String key, double value) {
        if (Double.isFinite(value)) {
            o.put(key, value);
        } else {
            o.putNull(key);
        }
    }

    private void ensureOpen() {
        if (out != null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }
}
