package org.hvs.augment.transform;

/**
 * Resampling filter of {@link RandomResizedCrop}: PIL's (and torchvision's antialiased)
 * separable filters. The support widens with the downscale factor so that shrinking averages
 * rather than aliases.
 */
public enum Interpolation {
    /** Triangle filter, support 1 (PIL {@code BILINEAR}); SimCLR, SimSiam. */
    BILINEAR(1.0),
    /** Keys cubic with a = -0.5, support 2 (PIL {@code BICUBIC}); DINO, iBOT. */
    BICUBIC(2.0);

    private final double support;

    Interpolation(double support) {
        this.support = support;
    }

    double support() {
        return support;
    }

    double weight(double x) {
        double ax = Math.abs(x);
        if (this == BILINEAR) {
            return ax < 1 ? 1 - ax : 0;
        }
        double a = -0.5;
        if (ax < 1) {
            return ((a + 2) * ax - (a + 3)) * ax * ax + 1;
        }
        if (ax < 2) {
            return (((ax - 5) * ax + 8) * ax - 4) * a;
        }
        return 0;
    }
}
