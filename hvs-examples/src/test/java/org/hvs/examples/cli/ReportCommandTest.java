package org.hvs.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCommandTest {

    /** A DINO-like metrics file: falling loss, IoU columns, a method metric. */
    private static Path writeRun(Path dir, int steps) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            lines.add(String.format(Locale.ROOT, "{\"step\":%d,\"epoch\":%d,\"loss\":%.4f,\"lr\":0.01,\"step_ms\":%d,"
                            + "\"select_ms\":5,\"selected_iou\":0.5,\"random_iou\":0.56,\"teacher_entropy\":%.3f,\"ln_k\":6.93}",
                    i, i / 10, 7.0 - i * 0.05, 400 + i % 3, 4.0 + i * 0.01));
        }
        Files.write(dir.resolve("metrics.jsonl"), lines);
        return dir;
    }

    @Test
    void drawsOnePngPerMetricGroupWithTheCurvesOnIt(@TempDir Path dir) throws Exception {
        writeRun(dir, 40);
        MainTest.Result r = MainTest.run("report", "--run", dir.toString());
        assertEquals(0, r.code(), r.err());
        for (String name : List.of("loss", "selected_iou", "step_ms", "teacher_entropy", "lr")) {
            Path png = dir.resolve("plots").resolve(name + ".png");
            assertTrue(Files.isRegularFile(png), "missing " + png);
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(LinePlot.WIDTH, img.getWidth());
            assertEquals(LinePlot.HEIGHT, img.getHeight());
        }
        // grouped metrics get no chart of their own
        assertTrue(Files.notExists(dir.resolve("plots/random_iou.png")));
        assertTrue(Files.notExists(dir.resolve("plots/ln_k.png")));
        // the loss curve is drawn in the first series colour
        BufferedImage loss = ImageIO.read(dir.resolve("plots/loss.png").toFile());
        int blue = 0;
        for (int y = 0; y < loss.getHeight(); y++) {
            for (int x = 0; x < loss.getWidth(); x++) {
                if ((loss.getRGB(x, y) & 0xffffff) == 0x1f77b4) {
                    blue++;
                }
            }
        }
        assertTrue(blue > 100, "the loss line is drawn: " + blue + " pixels");
    }

    @Test
    void movingAverageIsTrailingAndSkipsNonFiniteValues() {
        assertArrayEquals(new double[] {1, 1.5, 2.5, 3.5}, ReportCommand.movingAverage(new double[] {1, 2, 3, 4}, 2), 1e-12);
        assertArrayEquals(new double[] {1, 1, 3}, ReportCommand.movingAverage(new double[] {1, Double.NaN, 3}, 2), 1e-12);
    }

    @Test
    void missingOrMalformedMetricsAreErrorsThatNameTheFile(@TempDir Path dir) throws Exception {
        MainTest.Result r = MainTest.run("report", "--run", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(dir.resolve("metrics.jsonl").toString()), r.err());

        Files.writeString(dir.resolve("metrics.jsonl"), "{\"step\":0,\"loss\":1.0}\n{\"step\":1,\"loss\":\n");
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ReportCommand.write(dir, 0));
        assertTrue(ex.getMessage().contains("line 2"), ex.getMessage());

        Files.writeString(dir.resolve("metrics.jsonl"), "\n");
        ex = assertThrows(IllegalArgumentException.class, () -> ReportCommand.write(dir, 0));
        assertTrue(ex.getMessage().contains("no records"), ex.getMessage());
    }
}
