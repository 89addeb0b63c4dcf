package org.hvs.augment.transform;

import org.hvs.augment.Image;
import org.hvs.augment.View;

import java.util.Random;

/**
 * Inverts every value at or above a threshold ({@code x >= t -> 1 - x}) with probability
 * {@code p}: PIL's {@code ImageOps.solarize}, used by BYOL and by DINO/iBOT's second global view
 * ({@code Solarization(p=0.2)} with PIL's threshold 128 of 255, i.e. {@link #PIL_THRESHOLD}).
 *
 * <pre>{@code
 * View s = new Solarize(Solarize.PIL_THRESHOLD, 0.2).apply(view, rng);
 * }</pre>
 */
public final class Solarize implements ViewTransform {
    /** PIL's default threshold 128/255. */
    public static final double PIL_THRESHOLD = 128.0 / 255.0;

    private final double threshold;
    private final double p;

    /**
     * @param threshold values {@code >= threshold} are inverted; in [0, 1]
     * @param p         probability of solarizing, in [0, 1]
     */
    public Solarize(double threshold, double p) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("solarize threshold must be in [0, 1], got " + threshold);
        }
        this.threshold = threshold;
        this.p = Checks.probability("solarize p", p);
    }

    public double threshold() {
        return threshold;
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
        float[] out = img.copyData();
        float t = (float) threshold;
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= t) {
                out[i] = 1f - out[i];
            }
        }
        return new View(Image.of(out, img.channels(), img.height(), img.width()), in.params().withSolarized(true));
    }

    @Override
    public String toString() {
        return "Solarize[threshold=" + threshold + ", p=" + p + "]";
    }
}
