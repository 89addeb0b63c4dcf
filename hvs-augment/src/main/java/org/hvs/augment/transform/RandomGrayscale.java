package org.hvs.augment.transform;

import org.hvs.augment.Image;
import org.hvs.augment.View;

import java.util.Random;

/**
 * Converts the view to grayscale with probability {@code p}, keeping the channel count:
 * torchvision's {@code RandomGrayscale(p)}. Luma is ITU-R BT.601:
 * {@code L = 0.299 R + 0.587 G + 0.114 B}, written to all three channels. A one-channel view is
 * already gray and stays as it is (the parameter is still recorded).
 *
 * <pre>{@code
 * View gray = new RandomGrayscale(0.2).apply(view, rng);
 * }</pre>
 */
public final class RandomGrayscale implements ViewTransform {
    private final double p;

    /** @param p probability of converting, in [0, 1] */
    public RandomGrayscale(double p) {
        this.p = Checks.probability("grayscale p", p);
    }

    public double p() {
        return p;
    }

    @Override
    public View apply(View in, Random rng) {
        if (!(rng.nextDouble() < p)) {
            return in;
        }
        Image img = in.image();
        Image out = img.channels() == 1 ? img : gray3(img);
        return new View(out, in.params().withGrayscale(true));
    }

    /** BT.601 luma of a 3-channel image, one plane of {@code height * width} values. */
    static float[] luma(Image img) {
        int hw = img.height() * img.width();
        float[] d = img.data();
        float[] l = new float[hw];
        for (int i = 0; i < hw; i++) {
            l[i] = 0.299f * d[i] + 0.587f * d[hw + i] + 0.114f * d[2 * hw + i];
        }
        return l;
    }

    /** The image with every channel set to its BT.601 luma. */
    static Image gray3(Image img) {
        int hw = img.height() * img.width();
        float[] l = luma(img);
        float[] out = new float[3 * hw];
        for (int i = 0; i < hw; i++) {
            float v = Math.min(1f, Math.max(0f, l[i]));
            out[i] = v;
            out[hw + i] = v;
            out[2 * hw + i] = v;
        }
        return Image.of(out, 3, img.height(), img.width());
    }

    @Override
    public String toString() {
        return "RandomGrayscale[p=" + p + "]";
    }
}
