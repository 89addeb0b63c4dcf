package org.hvs.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code hvs report --run DIR}: draws the curves of a run's {@code metrics.jsonl} as PNG files under
 * {@code DIR/plots/}: the loss (raw and smoothed), the IoU of the pairs trained on against the
 * random pairs, step times, and every other per-step metric the method logged (DINO's teacher
 * entropy against ln K, the teacher-student KL, SimSiam's {@code z_std}, schedules).
 * {@code pretrain} calls it at the end of every run.
 */
final class ReportCommand {
    static final String USAGE = "hvs report --run DIR [--smooth STEPS]   PNG plots of DIR/metrics.jsonl into DIR/plots/";
    /** Metrics drawn together on one chart; the first name is the file name. */
    private static final List<List<String>> GROUPS = List.of(
            List.of("loss"),
            List.of("selected_iou", "random_iou"),
            List.of("step_ms", "select_ms", "view_ms"),
            List.of("teacher_entropy", "ln_k"));
    private static final Set<String> NOT_PLOTTED = Set.of("step", "epoch");

    private ReportCommand() {
    }

    static int run(Args args, PrintStream out) throws IOException {
        Path dir = Path.of(args.required("run"));
        int smooth = args.integer("smooth", 0, 0);
        args.checkAllUsed();
        List<Path> written = write(dir, smooth);
        out.println("wrote " + written.size() + " plots to " + dir.resolve("plots"));
        return 0;
    }

    /**
     * Writes the plots of {@code runDir}; {@code smooth} is the moving-average window in steps
     * (0: about 1/50 of the run). Returns the files written.
     *
     * @throws IllegalArgumentException if {@code metrics.jsonl} is missing, empty or has a malformed line
     */
    static List<Path> write(Path runDir, int smooth) throws IOException {
        Map<String, List<double[]>> columns = read(runDir.resolve("metrics.jsonl"));
        int steps = columns.values().stream().mapToInt(List::size).max().orElse(0);
        int window = smooth > 0 ? smooth : Math.max(1, steps / 50);
        Path plots = runDir.resolve("plots");
        Files.createDirectories(plots);
        List<Path> written = new ArrayList<>();
        Set<String> left = new LinkedHashSet<>(columns.keySet());
        left.removeAll(NOT_PLOTTED);
        for (List<String> group : GROUPS) {
            List<String> present = group.stream().filter(columns::containsKey).toList();
            if (present.isEmpty() || !columns.containsKey(group.get(0))) {
                continue;
            }
            written.add(plot(plots, group.get(0), present, columns, window));
            left.removeAll(present);
        }
        for (String name : left) {
            written.add(plot(plots, name, List.of(name), columns, window));
        }
        return written;
    }

    private static Path plot(Path plots, String file, List<String> names, Map<String, List<double[]>> columns,
                             int window) throws IOException {
        LinePlot p = new LinePlot(String.join(", ", names) + (window > 1 ? "  (moving average of " + window + " steps)" : ""),
                "step");
        for (String n : names) {
            List<double[]> pts = columns.get(n);
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i)[0];
                y[i] = pts.get(i)[1];
            }
            p.add(n, x, movingAverage(y, window));
        }
        Path f = plots.resolve(file + ".png");
        p.write(f);
        return f;
    }

    /** Trailing mean over {@code window} values, skipping non-finite ones. */
    static double[] movingAverage(double[] y, int window) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double sum = 0;
            int n = 0;
            for (int j = Math.max(0, i - window + 1); j <= i; j++) {
                if (Double.isFinite(y[j])) {
                    sum += y[j];
                    n++;
                }
            }
            out[i] = n == 0 ? Double.NaN : sum / n;
        }
        return out;
    }

    /** Numeric columns as (step, value) points, in file order. */
    @SuppressWarnings("unchecked")
    static Map<String, List<double[]>> read(Path metrics) throws IOException {
        if (!Files.isRegularFile(metrics)) {
            throw new IllegalArgumentException("no metrics file: " + metrics + " (is --run a run directory written by pretrain?)");
        }
        Map<String, List<double[]>> columns = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(metrics);
        int row = 0;
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).strip();
            if (line.isEmpty()) {
                continue;
            }
            Map<String, Object> rec;
            try {
                rec = Json.MAPPER.readValue(line, Map.class);
            } catch (JsonProcessingException ex) {
                throw new IllegalArgumentException(metrics + " line " + (ln + 1) + " is not a JSON object: "
                        + ex.getOriginalMessage());
            }
            double step = rec.get("step") instanceof Number s ? s.doubleValue() : row;
            for (Map.Entry<String, Object> e : rec.entrySet()) {
                if (e.getValue() instanceof Number v) {
                    columns.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new double[] {step, v.doubleValue()});
                }
            }
            row++;
        }
        if (row == 0) {
            throw new IllegalArgumentException(metrics + " has no records");
        }
        return columns;
    }
}
