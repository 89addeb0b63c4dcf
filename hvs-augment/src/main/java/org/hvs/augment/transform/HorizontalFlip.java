package org.hvs.augment.transform;

import org.hvs.augment.Image;
import org.hvs.augment.View;

import java.util.Random;

/**
 * Mirrors the view left-right with probability {@code p}: torchvision's
 * {@code RandomHorizontalFlip(p)}. The crop box is unchanged (it names the source region);
 * {@link org.hvs.augment.ViewParams#flipped()} toggles, so flipping twice restores both pixels
 * and parameters.
 *
 * <pre>{@code
 * View mirrored = new HorizontalFlip(1.0).apply(view, rng);
 * }</pre>
 */
public final class HorizontalFlip implements ViewTransform {
    private final double p;

    /** @param p probability of flipping, in [0, 1] */
    public HorizontalFlip(double p) {
        this.p = Checks.probability("flip p", p);
    }

    public double p() {
        return p;
    }

    @Override
    public View apply(View in, Random rng) {
        if (!(rng.nextDouble() < p)) {
            return in;
        }
        return new View(flip(in.image()), in.params().withFlipped(!in.params().flipped()));
    }

    /** The image mirrored left-right. */
    public static Image flip(Image img) {
        int c = img.channels();
        int h = img.height();
        int w = img.width();
        float[] src = img.data();
        float[] out = new float[src.length];
        for (int row = 0; row < c * h; row++) {
            int o = row * w;
            for (int x = 0; x < w; x++) {
                out[o + x] = src[o + w - 1 - x];
            }
        }
        return Image.of(out, c, h, w);
    }

    @Override
    public String toString() {
        return "HorizontalFlip[p=" + p + "]";
    }
}
