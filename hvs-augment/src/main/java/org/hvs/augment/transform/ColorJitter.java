package org.hvs.augment.transform;

import org.hvs.augment.Image;
import org.hvs.augment.View;

import java.util.Random;

/**
 * Random brightness, contrast, saturation and hue, applied (all four) with probability
 * {@code p}: torchvision's {@code RandomApply([ColorJitter(b, c, s, h)], p)} as in SimCLR,
 * SimSiam, DINO and iBOT. Factors are drawn uniformly from {@code [max(0, 1 - b), 1 + b]} (same
 * for contrast and saturation), the hue shift from {@code [-h, h]} turns, and the four
 * adjustments run in a random order (torchvision's {@code randperm(4)}). Hue is rotated in HSV.
 * The factors are recorded with {@link org.hvs.augment.ViewParams#withColorJitter}; when the
 * jitter is skipped the view records 1, 1, 1, 0. On a one-channel view saturation and hue do
 * nothing and are recorded as 1 and 0.
 *
 * <pre>{@code
 * ViewTransform dinoJitter = new ColorJitter(0.4, 0.4, 0.2, 0.1, 0.8);
 * }</pre>
 */
public final class ColorJitter implements ViewTransform {
    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;
    private final double p;

    /**
     * @param brightness strength b >= 0 (factor in [max(0, 1 - b), 1 + b]; 0 = off)
     * @param contrast   strength >= 0
     * @param saturation strength >= 0
     * @param hue        largest hue shift in turns, in [0, 0.5]
     * @param p          probability of applying the jitter, in [0, 1]
     */
    public ColorJitter(double brightness, double contrast, double saturation, double hue, double p) {
        this.brightness = Checks.nonNegative("brightness", brightness);
        this.contrast = Checks.nonNegative("contrast", contrast);
        this.saturation = Checks.nonNegative("saturation", saturation);
        if (!(hue >= 0 && hue <= 0.5)) {
            throw new IllegalArgumentException("hue must be in [0, 0.5], got " + hue);
        }
        this.hue = hue;
        this.p = Checks.probability("color jitter p", p);
    }

    public double brightness() {
        return brightness;
    }

    public double contrast() {
        return contrast;
    }

    public double saturation() {
        return saturation;
    }

    public double hue() {
        return hue;
    }

    public double p() {
        return p;
    }

    @Override
    public View apply(View in, Random rng) {
        if (!(rng.nextDouble() < p)) {
            return in;
        }
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) { // Fisher-Yates
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double b = factor(rng, brightness);
        double c = factor(rng, contrast);
        double s = factor(rng, saturation);
        double h = hue == 0 ? 0 : Checks.uniform(rng, -hue, hue);
        Image img = in.image();
        if (img.channels() == 1) {
            s = 1;
            h = 0;
        }
        for (int op : order) {
            img = switch (op) {
                case 0 -> ColorOps.brightness(img, b);
                case 1 -> ColorOps.contrast(img, c);
                case 2 -> ColorOps.saturation(img, s);
                default -> ColorOps.hue(img, h);
            };
        }
        return new View(img, in.params().withColorJitter(b, c, s, h));
    }

    private static double factor(Random rng, double strength) {
        return strength == 0 ? 1 : Checks.uniform(rng, Math.max(0, 1 - strength), 1 + strength);
    }

    @Override
    public String toString() {
        return "ColorJitter[b=" + brightness + ", c=" + contrast + ", s=" + saturation + ", h=" + hue + ", p=" + p + "]";
    }
}
