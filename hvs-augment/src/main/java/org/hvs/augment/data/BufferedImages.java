package org.hvs.augment.data;

import org.hvs.augment.Image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Package-private conversions between Java2D images and {@link Image}, and the resize the image
 * folder reader uses. (The public {@code ImageConversions} of the transforms package may replace
 * this later.)
 */
final class BufferedImages {

    private BufferedImages() {
    }

    /**
     * The pixels of {@code src} as a CHW float image in [0, 1]: RGB for 3 channels, luminance
     * (0.299 R + 0.587 G + 0.114 B) for 1. Alpha is ignored (the colour under it is kept).
     */
    static Image toImage(BufferedImage src, int channels) {
        Objects.requireNonNull(src, "src");
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        int w = src.getWidth();
        int h = src.getHeight();
        int[] argb = src.getRGB(0, 0, w, h, null, 0, w);
        int plane = w * h;
        float[] data = new float[channels * plane];
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            float r = ((p >> 16) & 0xFF) / 255f;
            float g = ((p >> 8) & 0xFF) / 255f;
            float b = (p & 0xFF) / 255f;
            if (channels == 3) {
                data[i] = r;
                data[plane + i] = g;
                data[2 * plane + i] = b;
            } else {
                data[i] = Math.min(1f, 0.299f * r + 0.587f * g + 0.114f * b);
            }
        }
        return Image.of(data, channels, h, w);
    }

    /** {@code img} as an opaque RGB Java2D image (a 1-channel image becomes grey). */
    static BufferedImage toBufferedImage(Image img) {
        Objects.requireNonNull(img, "img");
        int w = img.width();
        int h = img.height();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = toByte(img.get(0, y, x));
                int g = img.channels() == 3 ? toByte(img.get(1, y, x)) : r;
                int b = img.channels() == 3 ? toByte(img.get(2, y, x)) : r;
                rgb[y * w + x] = (r << 16) | (g << 8) | b;
            }
        }
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    private static int toByte(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }

    /**
     * Resizes so the shorter side is {@code size}, then crops the centre {@code size x size}
     * square, with bilinear interpolation. Large reductions first halve repeatedly (each halving
     * bilinear) so that the result is not aliased. The result is opaque RGB.
     */
    static BufferedImage shorterSideCentreCrop(BufferedImage src, int size) {
        Objects.requireNonNull(src, "src");
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        int side = Math.min(src.getWidth(), src.getHeight());
        int x0 = (src.getWidth() - side) / 2;
        int y0 = (src.getHeight() - side) / 2;
        BufferedImage current = draw(src, x0, y0, side, side); // square, opaque RGB copy
        while (current.getWidth() >= 2 * size) {
            int half = current.getWidth() / 2;
            current = draw(current, 0, 0, current.getWidth(), half);
        }
        return current.getWidth() == size ? current : draw(current, 0, 0, current.getWidth(), size);
    }

    /** Draws the square {@code [x0, x0 + side) x [y0, y0 + side)} of {@code src} into a new {@code out x out} RGB image. */
    private static BufferedImage draw(BufferedImage src, int x0, int y0, int side, int out) {
        BufferedImage dst = new BufferedImage(out, out, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, out, out, x0, y0, x0 + side, y0 + side, null);
        } finally {
            g.dispose();
        }
        return dst;
    }
}
