package org.hvs.augment.adapt;

import org.bytedeco.javacv.Frame;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.ImageTransform;
import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.hvs.augment.transform.ViewTransform;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Objects;
import java.util.Random;

/**
 * Runs a DataVec {@link ImageTransform} (OpenCV-backed, e.g. {@code FlipImageTransform},
 * {@code ColorConversionTransform}) as a {@link ViewTransform}, for users with existing DataVec
 * pipelines. The view is handed over as an 8-bit {@link Frame} in OpenCV's BGR order (gray for
 * one channel) and read back from an 8-bit or float frame, so values are rounded to 1/255.
 * The transform must keep the image size; the crop box and recorded parameters are unchanged
 * (DataVec does not report what it did).
 *
 * <p>DataVec ({@code datavec-data-image}) is an optional dependency of hvs-augment: this is the
 * only class that imports it.
 *
 * <p>DataVec transforms draw their own parameters when given a {@link Random} and use their
 * configured, fixed settings when given {@code null} (e.g. {@code FlipImageTransform(1)} flips
 * horizontally only with {@code null}; with a {@code Random} it picks a random flip mode).
 * {@link #wrap} passes the view's random source, {@link #wrapFixed} passes {@code null}.
 *
 * <pre>{@code
 * ViewTransform randomFlip = DataVecTransforms.wrap(new FlipImageTransform());
 * ViewTransform mirror = DataVecTransforms.wrapFixed(new FlipImageTransform(1));
 * }</pre>
 */
public final class DataVecTransforms {

    private DataVecTransforms() {
    }

    /** {@code transform} as a view transform; it receives the view's {@code rng} (DataVec's random mode). */
    public static ViewTransform wrap(ImageTransform transform) {
        return wrap(transform, true);
    }

    /** {@code transform} as a view transform run with its fixed settings (it receives a {@code null} Random). */
    public static ViewTransform wrapFixed(ImageTransform transform) {
        return wrap(transform, false);
    }

    private static ViewTransform wrap(ImageTransform transform, boolean passRandom) {
        Objects.requireNonNull(transform, "transform");
        return (View in, Random rng) -> {
            Image src = in.image();
            ImageWritable out = transform.transform(new ImageWritable(toFrame(src)), passRandom ? rng : null);
            if (out == null || out.getFrame() == null) {
                throw new IllegalStateException("DataVec transform " + transform + " returned no image");
            }
            Image img = fromFrame(out.getFrame(), src.channels());
            if (img.height() != src.height() || img.width() != src.width()) {
                throw new IllegalStateException("DataVec transform must keep the image size " + src.height() + "x"
                        + src.width() + ", got " + img.height() + "x" + img.width());
            }
            return new View(img, in.params());
        };
    }

    /** An 8-bit frame (BGR for three channels) holding {@code img}. */
    static Frame toFrame(Image img) {
        int c = img.channels();
        int h = img.height();
        int w = img.width();
        int hw = h * w;
        Frame f = new Frame(w, h, Frame.DEPTH_UBYTE, c);
        ByteBuffer buf = (ByteBuffer) f.image[0];
        float[] d = img.data();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = y * f.imageStride + x * c;
                for (int ch = 0; ch < c; ch++) {
                    int src = c == 3 ? 2 - ch : ch; // RGB planes -> BGR pixels
                    float v = d[src * hw + y * w + x];
                    buf.put(base + ch, (byte) Math.round(Math.min(1f, Math.max(0f, v)) * 255f));
                }
            }
        }
        return f;
    }

    /** The frame as an image with {@code channels} channels (a gray frame is repeated for 3). */
    static Image fromFrame(Frame f, int channels) {
        int h = f.imageHeight;
        int w = f.imageWidth;
        int fc = f.imageChannels;
        if (fc != 1 && fc != 3) {
            throw new IllegalStateException("DataVec transform returned " + fc + " channels; expected 1 or 3");
        }
        if (fc != channels && fc != 1) {
            throw new IllegalStateException("DataVec transform returned " + fc + " channels, input had " + channels);
        }
        int hw = h * w;
        float[] out = new float[channels * hw];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = y * f.imageStride + x * fc;
                for (int ch = 0; ch < channels; ch++) {
                    int fch = fc == 1 ? 0 : (channels == 3 ? 2 - ch : ch);
                    out[ch * hw + y * w + x] = sample(f, base + fch);
                }
            }
        }
        return Image.of(out, channels, h, w);
    }

    private static float sample(Frame f, int i) {
        if (f.imageDepth == Frame.DEPTH_UBYTE) {
            return (((ByteBuffer) f.image[0]).get(i) & 0xff) / 255f;
        }
        if (f.imageDepth == Frame.DEPTH_FLOAT) {
            return ((FloatBuffer) f.image[0]).get(i) / 255f;
        }
        throw new IllegalStateException("DataVec transform returned an image of depth " + f.imageDepth
                + "; expected 8-bit or float");
    }
}
