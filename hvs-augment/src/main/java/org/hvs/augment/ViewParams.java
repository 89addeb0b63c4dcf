package org.hvs.augment;

import java.util.Objects;

/**
 * What the transforms did to make one view: the crop box in source pixels, the flip, the colour
 * jitter factors, grayscale, blur and solarize. Immutable; each transform returns a copy with its
 * own fields set ({@code withX} methods). A factor of 1 (brightness, contrast, saturation), a hue
 * shift of 0, a blur sigma of 0 mean "not applied".
 *
 * @param box         region of the source image the view was cut from, in source-pixel coordinates
 * @param recipe      name of the recipe that made the view (e.g. {@code "dino-global-1"})
 * @param flipped     whether the view was mirrored left-right
 * @param brightness  brightness factor applied (1 = none)
 * @param contrast    contrast factor applied (1 = none)
 * @param saturation  saturation factor applied (1 = none)
 * @param hue         hue shift applied, in turns of the colour wheel, in [-0.5, 0.5] (0 = none)
 * @param grayscale   whether the view was converted to grayscale
 * @param blurSigma   Gaussian blur sigma in output pixels (0 = none)
 * @param solarized   whether solarize was applied
 */
public record ViewParams(CropBox box, String recipe, boolean flipped, double brightness, double contrast,
                         double saturation, double hue, boolean grayscale, double blurSigma, boolean solarized) {

    public ViewParams {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(recipe, "recipe");
    }

    /** Parameters of an untouched view of {@code box}. */
    public static ViewParams of(CropBox box, String recipe) {
        return new ViewParams(box, recipe, false, 1, 1, 1, 0, false, 0, false);
    }

    public ViewParams withBox(CropBox b) {
        return new ViewParams(b, recipe, flipped, brightness, contrast, saturation, hue, grayscale, blurSigma, solarized);
    }

    public ViewParams withRecipe(String r) {
        return new ViewParams(box, r, flipped, brightness, contrast, saturation, hue, grayscale, blurSigma, solarized);
    }

    public ViewParams withFlipped(boolean f) {
        return new ViewParams(box, recipe, f, brightness, contrast, saturation, hue, grayscale, blurSigma, solarized);
    }

    public ViewParams withColorJitter(double b, double c, double s, double h) {
        return new ViewParams(box, recipe, flipped, b, c, s, h, grayscale, blurSigma, solarized);
    }

    public ViewParams withGrayscale(boolean g) {
        return new ViewParams(box, recipe, flipped, brightness, contrast, saturation, hue, g, blurSigma, solarized);
    }

    public ViewParams withBlurSigma(double sigma) {
        return new ViewParams(box, recipe, flipped, brightness, contrast, saturation, hue, grayscale, sigma, solarized);
    }

    public ViewParams withSolarized(boolean s) {
        return new ViewParams(box, recipe, flipped, brightness, contrast, saturation, hue, grayscale, blurSigma, s);
    }
}
