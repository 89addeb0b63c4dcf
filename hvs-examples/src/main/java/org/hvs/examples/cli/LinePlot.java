package org.hvs.examples.cli;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart drawn with Java2D: one or more series of (x, y) points, linear axes with a few
 * labelled ticks, a legend, written as PNG. Enough for training curves; not a plotting library.
 *
 * <pre>{@code
 * new LinePlot("loss", "step").add("loss", xs, ys).write(Path.of("plots/loss.png"));
 * }</pre>
 */
final class LinePlot {
    static final int WIDTH = 720;
    static final int HEIGHT = 420;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd)};
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private final String title;
    private final String xLabel;
    private final List<Series> series = new ArrayList<>();

    record Series(String name, double[] x, double[] y) {
    }

    LinePlot(String title, String xLabel) {
        this.title = title;
        this.xLabel = xLabel;
    }

    LinePlot add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
        }
        series.add(new Series(name, x, y));
        return this;
    }

    /** Draws the chart and writes it atomically (temporary file, then rename). */
    void write(Path file) throws IOException {
        BufferedImage img = render();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        if (!ImageIO.write(img, "png", tmp.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    BufferedImage render() {
        double[] xr = range(true);
        double[] yr = range(false);
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int pw = WIDTH - LEFT - RIGHT;
            int ph = HEIGHT - TOP - BOTTOM;
            g.setColor(new Color(0xeeeeee));
            for (int i = 0; i <= 4; i++) {
                int y = TOP + ph * i / 4;
                g.drawLine(LEFT, y, LEFT + pw, y);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(LEFT, TOP, pw, ph);
            for (int i = 0; i <= 4; i++) {
                double yv = yr[1] - (yr[1] - yr[0]) * i / 4;
                String label = format(yv);
                g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), TOP + ph * i / 4 + 4);
                double xv = xr[0] + (xr[1] - xr[0]) * i / 4;
                String xl = format(xv);
                g.drawString(xl, LEFT + pw * i / 4 - g.getFontMetrics().stringWidth(xl) / 2, TOP + ph + 18);
            }
            g.drawString(xLabel, LEFT + pw / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, HEIGHT - 12);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, LEFT, TOP - 14);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setStroke(new BasicStroke(1.6f));
            for (int s = 0; s < series.size(); s++) {
                Series ser = series.get(s);
                Color c = PALETTE[s % PALETTE.length];
                g.setColor(c);
                int px = -1;
                int py = -1;
                for (int i = 0; i < ser.x.length; i++) {
                    if (!Double.isFinite(ser.y[i]) || !Double.isFinite(ser.x[i])) {
                        px = -1;
                        continue;
                    }
                    int x = LEFT + (int) Math.round((ser.x[i] - xr[0]) / (xr[1] - xr[0]) * pw);
                    int y = TOP + ph - (int) Math.round((ser.y[i] - yr[0]) / (yr[1] - yr[0]) * ph);
                    if (px >= 0) {
                        g.drawLine(px, py, x, y);
                    } else if (ser.x.length == 1) {
                        g.fillOval(x - 2, y - 2, 5, 5);
                    }
                    px = x;
                    py = y;
                }
                int ly = TOP + 16 + 16 * s;
                g.fillRect(LEFT + pw - 150, ly - 8, 14, 4);
                g.drawString(ser.name, LEFT + pw - 130, ly - 2);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** [min, max] over finite values of all series, widened when flat. */
    private double[] range(boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : x ? s.x : s.y) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            return new double[] {0, 1};
        }
        if (hi - lo < 1e-12) {
            double pad = Math.max(Math.abs(lo) * 0.05, 1e-6);
            return new double[] {lo - pad, hi + pad};
        }
        if (!x) {
            double pad = (hi - lo) * 0.05;
            return new double[] {lo - pad, hi + pad};
        }
        return new double[] {lo, hi};
    }

    private static String format(double v) {
        double a = Math.abs(v);
        if (a < 1e-12) {
            return "0";
        }
        if (a < 1e-3 || a >= 1e5) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 1 ? "%.2f" : "%.4f", v);
    }
}
