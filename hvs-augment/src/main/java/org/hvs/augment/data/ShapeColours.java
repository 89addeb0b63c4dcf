package org.hvs.augment.data;

import java.util.SplittableRandom;

/**
 * How {@link Shapes} colours a shape and its background. Colour never depends on the class in either
 * scheme; the schemes differ in how far colour varies from image to image, which decides whether
 * the standard colour augmentations can make a network ignore it.
 *
 * <ul>
 *   <li>{@link #NATURAL} (the default): a dark, desaturated bluish background (hue 0.6 +- 0.1,
 *       saturation 0.2-0.5, value 0.15-0.35) and a light, warmer shape (hue 0.1 +- 0.1, saturation
 *       0.3-0.7, value 0.7-0.95), drawn per image. The spread is about what SimCLR/SimSiam/DINO
 *       colour jitter spans (hue +-0.1, brightness, contrast and saturation +-40%), as the colour of
 *       one kind of object varies between photographs.</li>
 *   <li>{@link #RANDOM_RGB}: foreground and background uniform in the RGB cube (at least 0.3
 *       apart). Colour then identifies an image far beyond what any colour jitter covers; matching
 *       two views by their colours is the easiest solution, and non-contrastive methods (SimSiam,
 *       DINO) settle on it and never learn the shape in short schedules. Measured with HVS's own
 *       trainer and, independently, with a PyTorch re-implementation on the same images
 *       ({@code tools/torch-crosscheck/}, {@code docs/shapes-rgb-history.md}); SimCLR, whose
 *       negatives share colours, still learns. Kept as the harder variant ({@code --data shapes-rgb}).</li>
 * </ul>
 */
public enum ShapeColours {
    /** Colour varies within the range of the usual colour augmentation (the default). */
    NATURAL,
    /** Colour uniform in the RGB cube: a nuisance no colour jitter covers. */
    RANDOM_RGB;

    private static final double MIN_RGB_CONTRAST = 0.3;

    /** Background and foreground colours {@code {bg, fg}}, each RGB in [0, 1], drawn from {@code rnd}. */
    float[][] draw(SplittableRandom rnd) {
        if (this == RANDOM_RGB) {
            float[] bg = rgb(rnd);
            float[] fg = rgb(rnd);
            while (distance(fg, bg) < MIN_RGB_CONTRAST) {
                fg = rgb(rnd);
            }
            return new float[][] {bg, fg};
        }
        float[] bg = hsv(0.6 + 0.2 * rnd.nextDouble() - 0.1, 0.2 + 0.3 * rnd.nextDouble(), 0.15 + 0.2 * rnd.nextDouble());
        float[] fg = hsv(0.1 + 0.2 * rnd.nextDouble() - 0.1, 0.3 + 0.4 * rnd.nextDouble(), 0.7 + 0.25 * rnd.nextDouble());
        return new float[][] {bg, fg};
    }

    private static float[] rgb(SplittableRandom rnd) {
        return new float[] {(float) rnd.nextDouble(), (float) rnd.nextDouble(), (float) rnd.nextDouble()};
    }

    private static double distance(float[] a, float[] b) {
        double dr = a[0] - b[0];
        double dg = a[1] - b[1];
        double db = a[2] - b[2];
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    /** HSV to RGB; {@code h} in turns (taken modulo 1), {@code s} and {@code v} in [0, 1]. */
    static float[] hsv(double h, double s, double v) {
        double turns = h - Math.floor(h);
        double sector = turns * 6;
        double c = v * s;
        double x = c * (1 - Math.abs(sector % 2 - 1));
        double m = v - c;
        double r;
        double g;
        double b;
        switch ((int) sector) {
            case 0 -> { r = c; g = x; b = 0; }
            case 1 -> { r = x; g = c; b = 0; }
            case 2 -> { r = 0; g = c; b = x; }
            case 3 -> { r = 0; g = x; b = c; }
            case 4 -> { r = x; g = 0; b = c; }
            default -> { r = c; g = 0; b = x; }
        }
        return new float[] {(float) (r + m), (float) (g + m), (float) (b + m)};
    }
}
