package org.hvs.augment;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Conversions between {@link Image}, AWT {@link BufferedImage} (8 bits per channel, value / 255)
 * and ND4J batches {@code [B, C, H, W]} (float). Colour to gray uses ITU-R BT.601 luma
 * {@code 0.299 R + 0.587 G + 0.114 B}.
 *
 * <pre>{@code
 * Image img = ImageConversions.fromBufferedImage(ImageIO.read(file), 3);
 * INDArray batch = ImageConversions.toBatch(List.of(img, img));   // [2, 3, H, W]
 * Image back = ImageConversions.fromBatch(batch, 1);
 * }</pre>
 */
public final class ImageConversions {

    private ImageConversions() {
    }

    /**
     * An image with {@code channels} (1 or 3) channels from any AWT image; a colour source becomes
     * gray by BT.601 luma when {@code channels == 1}, a gray source is repeated when 3.
     */
    public static Image fromBufferedImage(BufferedImage img, int channels) {
        Objects.requireNonNull(img, "img");
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int hw = w * h;
        float[] out = new float[channels * hw];
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            int[] px = img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < hw; i++) {
                    out[c * hw + i] = px[i] / 255f;
                }
            }
            return Image.of(out, channels, h, w);
        }
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < hw; i++) {
            int p = rgb[i];
            float r = ((p >> 16) & 0xff) / 255f;
            float g = ((p >> 8) & 0xff) / 255f;
            float b = (p & 0xff) / 255f;
            if (channels == 3) {
                out[i] = r;
                out[hw + i] = g;
                out[2 * hw + i] = b;
            } else {
                out[i] = Math.min(1f, 0.299f * r + 0.587f * g + 0.114f * b);
            }
        }
        return Image.of(out, channels, h, w);
    }

    /**
     * An 8-bit AWT image: {@code TYPE_BYTE_GRAY} for one channel, {@code TYPE_INT_RGB} for three.
     * Values are clamped to [0, 1] and rounded to the nearest 1/255.
     */
    public static BufferedImage toBufferedImage(Image img) {
        Objects.requireNonNull(img, "img");
        int w = img.width();
        int h = img.height();
        int hw = w * h;
        float[] d = img.data();
        if (img.channels() == 1) {
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster r = out.getRaster();
            int[] px = new int[hw];
            for (int i = 0; i < hw; i++) {
                px[i] = toByte(d[i]);
            }
            r.setSamples(0, 0, w, h, 0, px);
            return out;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[hw];
        for (int i = 0; i < hw; i++) {
            rgb[i] = (toByte(d[i]) << 16) | (toByte(d[hw + i]) << 8) | toByte(d[2 * hw + i]);
        }
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    private static int toByte(float v) {
        float c = v < 0 ? 0 : (v > 1 ? 1 : v);
        return Math.round(c * 255f);
    }

    /**
     * Stacks same-sized images into a float {@code [B, C, H, W]} array.
     *
     * @throws IllegalArgumentException if the list is empty or an image differs in size from the first
     */
    public static INDArray toBatch(List<Image> images) {
        Objects.requireNonNull(images, "images");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images must not be empty");
        }
        Image first = Objects.requireNonNull(images.get(0), "images[0]");
        int c = first.channels();
        int h = first.height();
        int w = first.width();
        int per = c * h * w;
        float[] buf = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            Image im = Objects.requireNonNull(images.get(i), "images[" + i + "]");
            if (im.channels() != c || im.height() != h || im.width() != w) {
                throw new IllegalArgumentException("image " + i + " is " + im.channels() + "x" + im.height() + "x"
                        + im.width() + " but image 0 is " + c + "x" + h + "x" + w);
            }
            System.arraycopy(im.data(), 0, buf, i * per, per);
        }
        return Nd4j.create(buf, new long[] {images.size(), c, h, w}, 'c');
    }

    /** Sample {@code index} of a {@code [B, C, H, W]} array (C = 1 or 3) as an image. */
    public static Image fromBatch(INDArray batch, int index) {
        Objects.requireNonNull(batch, "batch");
        if (batch.rank() != 4) {
            throw new IllegalArgumentException("batch must be [B, C, H, W], got " + Arrays.toString(batch.shape()));
        }
        if (index < 0 || index >= batch.size(0)) {
            throw new IllegalArgumentException("index must be in [0, " + batch.size(0) + "), got " + index);
        }
        INDArray one = batch.slice(index).castTo(DataType.FLOAT).dup('c');
        float[] data = one.data().asFloat();
        return Image.of(data, (int) batch.size(1), (int) batch.size(2), (int) batch.size(3));
    }
}
