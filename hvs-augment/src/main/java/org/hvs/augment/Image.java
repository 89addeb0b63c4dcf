package org.hvs.augment;

import java.util.Arrays;

/**
 * A float image in channels x height x width order with values in [0, 1].
 *
 * <p>The pixel array is owned by the image: {@link #of} takes it without copying and callers must
 * not change it afterwards; transforms always return new images. Index of pixel (c, y, x) is
 * {@code (c * height + y) * width + x}.
 *
 * <pre>{@code
 * Image img = Image.of(new float[3 * 32 * 32], 3, 32, 32);
 * float red = img.get(0, 5, 7);
 * }</pre>
 */
public final class Image {
    private final float[] data;
    private final int channels;
    private final int height;
    private final int width;

    private Image(float[] data, int channels, int height, int width) {
        this.data = data;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** Wraps {@code data} (CHW order, not copied) as an image; checks sizes. */
    public static Image of(float[] data, int channels, int height, int width) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        if (data == null || data.length != channels * height * width) {
            throw new IllegalArgumentException("data length must be " + channels + "*" + height + "*" + width + "="
                    + (channels * height * width) + ", got " + (data == null ? "null" : data.length));
        }
        return new Image(data, channels, height, width);
    }

    /** A new image of zeros. */
    public static Image zeros(int channels, int height, int width) {
        return of(new float[channels * height * width], channels, height, width);
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The value at channel c, row y, column x. */
    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    /** The backing CHW array; do not modify it. */
    public float[] data() {
        return data;
    }

    /** A copy of the backing array, free to modify. */
    public float[] copyData() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Image)) {
            return false;
        }
        Image other = (Image) o;
        return channels == other.channels && height == other.height && width == other.width
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * channels + height) + width) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Image[" + channels + "x" + height + "x" + width + "]";
    }
}
