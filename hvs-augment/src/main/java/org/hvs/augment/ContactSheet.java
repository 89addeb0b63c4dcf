package org.hvs.augment;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A PNG that shows what a recipe does: one row per source image with the source (each view's crop
 * box drawn in its own colour) followed by its views, each framed in the same colour. Every cell
 * is {@code cell x cell} pixels; images are scaled to fit, keeping their aspect ratio.
 *
 * <pre>{@code
 * List<List<View>> views = sources.stream().map(s -> generator.views(s, i, 0)).toList();
 * ContactSheet.write(Path.of("views.png"), sources, views, 96);
 * }</pre>
 */
public final class ContactSheet {
    private static final int GAP = 4;

    private ContactSheet() {
    }

    /** The colour of view {@code v}: hues spaced by the golden angle, so neighbours differ. */
    public static Color colour(int v) {
        float hue = (float) ((v * 0.618033988749895) % 1.0);
        return Color.getHSBColor(hue, 0.9f, 1.0f);
    }

    /**
     * Renders the sheet.
     *
     * @param sources one source image per row
     * @param views   per source, its views (crop boxes in that source's pixels)
     * @param cell    size of one cell in pixels, >= 8
     */
    public static BufferedImage render(List<Image> sources, List<List<View>> views, int cell) {
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(views, "views");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("sources must not be empty");
        }
        if (sources.size() != views.size()) {
            throw new IllegalArgumentException("sources and views differ in length: " + sources.size() + " and "
                    + views.size());
        }
        if (cell < 8) {
            throw new IllegalArgumentException("cell must be >= 8 pixels, got " + cell);
        }
        int cols = 1;
        for (List<View> row : views) {
            cols = Math.max(cols, 1 + Objects.requireNonNull(row, "views row").size());
        }
        int width = cols * (cell + GAP) + GAP;
        int height = sources.size() * (cell + GAP) + GAP;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(new Color(40, 40, 40));
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            for (int r = 0; r < sources.size(); r++) {
                int top = GAP + r * (cell + GAP);
                Image src = Objects.requireNonNull(sources.get(r), "sources[" + r + "]");
                double s = drawScaled(g, src, GAP, top, cell);
                List<View> row = views.get(r);
                g.setStroke(new BasicStroke(Math.max(1f, cell / 64f)));
                for (int v = 0; v < row.size(); v++) {
                    CropBox b = row.get(v).params().box();
                    g.setColor(colour(v));
                    g.drawRect(GAP + (int) Math.round(b.x() * s), top + (int) Math.round(b.y() * s),
                            Math.max(1, (int) Math.round(b.width() * s) - 1),
                            Math.max(1, (int) Math.round(b.height() * s) - 1));
                    int left = GAP + (v + 1) * (cell + GAP);
                    double vs = drawScaled(g, row.get(v).image(), left, top, cell);
                    Image vi = row.get(v).image();
                    g.drawRect(left, top, Math.max(1, (int) Math.round(vi.width() * vs) - 1),
                            Math.max(1, (int) Math.round(vi.height() * vs) - 1));
                }
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Renders the sheet and writes it as PNG to {@code file} (parent folders are created). */
    public static void write(Path file, List<Image> sources, List<List<View>> views, int cell) {
        Objects.requireNonNull(file, "file");
        BufferedImage sheet = render(sources, views, cell);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!ImageIO.write(sheet, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer available for " + file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write contact sheet " + file, e);
        }
    }

    /** Draws {@code img} scaled to fit a {@code cell} square at (x, y); returns the scale. */
    private static double drawScaled(Graphics2D g, Image img, int x, int y, int cell) {
        double s = (double) cell / Math.max(img.width(), img.height());
        int w = Math.max(1, (int) Math.round(img.width() * s));
        int h = Math.max(1, (int) Math.round(img.height() * s));
        g.drawImage(ImageConversions.toBufferedImage(img), x, y, w, h, null);
        return s;
    }
}
