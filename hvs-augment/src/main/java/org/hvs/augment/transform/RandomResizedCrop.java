package org.hvs.augment.transform;

import org.hvs.augment.CropBox;
import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.hvs.augment.ViewParams;

import java.util.Random;

/**
 * Random crop of a random area and aspect ratio, resized to a square output: torchvision's
 * {@code RandomResizedCrop} (Szegedy et al. 2015, "Going deeper with convolutions"), the first
 * step of every SSL view recipe.
 *
 * <p>Algorithm (torchvision {@code get_params}): up to 10 tries draw a target area
 * {@code uniform(scaleMin, scaleMax) * H * W} and a log-uniform aspect ratio in
 * {@code [ratioMin, ratioMax]}; {@code w = round(sqrt(area * ratio))},
 * {@code h = round(sqrt(area / ratio))}; the first that fits is placed uniformly at random. Else
 * the fallback is a centre crop clamped to the ratio range. The box is in SOURCE pixel coordinates,
 * integer and always inside the image; it is recorded with {@link ViewParams#withBox}.
 *
 * <p>It must be the first geometric step: the input view must be the untouched source
 * ({@link View#of}), else {@link IllegalStateException}. A source smaller than the output in
 * either dimension is rejected unless built with {@code allowUpscale(true)}.
 *
 * <pre>{@code
 * RandomResizedCrop crop = RandomResizedCrop.builder(96).scale(0.05, 0.4)
 *         .interpolation(Interpolation.BICUBIC).build();
 * View v = crop.apply(View.of(image), rng);
 * }</pre>
 */
public final class RandomResizedCrop implements ViewTransform {
    private static final int TRIES = 10;

    private final int size;
    private final double scaleMin;
    private final double scaleMax;
    private final double ratioMin;
    private final double ratioMax;
    private final Interpolation interpolation;
    private final boolean allowUpscale;

    private RandomResizedCrop(Builder b) {
        this.size = b.size;
        this.scaleMin = b.scaleMin;
        this.scaleMax = b.scaleMax;
        this.ratioMin = b.ratioMin;
        this.ratioMax = b.ratioMax;
        this.interpolation = b.interpolation;
        this.allowUpscale = b.allowUpscale;
    }

    /** A builder for square outputs of {@code size} pixels; scale (0.08, 1), ratio (3/4, 4/3), bilinear. */
    public static Builder builder(int size) {
        return new Builder(size);
    }

    /** Bilinear crop to {@code size} with area scale in {@code [scaleMin, scaleMax]}, ratio (3/4, 4/3). */
    public static RandomResizedCrop of(int size, double scaleMin, double scaleMax) {
        return builder(size).scale(scaleMin, scaleMax).build();
    }

    public int size() {
        return size;
    }

    public double scaleMin() {
        return scaleMin;
    }

    public double scaleMax() {
        return scaleMax;
    }

    public double ratioMin() {
        return ratioMin;
    }

    public double ratioMax() {
        return ratioMax;
    }

    public Interpolation interpolation() {
        return interpolation;
    }

    public boolean allowUpscale() {
        return allowUpscale;
    }

    @Override
    public View apply(View in, Random rng) {
        Image src = in.image();
        ViewParams p = in.params();
        CropBox full = CropBox.full(src.width(), src.height());
        if (!p.withRecipe("").equals(ViewParams.of(full, ""))) {
            throw new IllegalStateException("RandomResizedCrop must be the first geometric step, applied to the "
                    + "untouched source view, got " + p);
        }
        if (!allowUpscale && (src.width() < size || src.height() < size)) {
            throw new IllegalArgumentException("source image " + src.width() + "x" + src.height()
                    + " is smaller than the output size " + size + "x" + size
                    + "; build with allowUpscale(true) to upscale");
        }
        CropBox box = sampleBox(src.width(), src.height(), rng);
        Image out = Resampler.resizedCrop(src, box, size, size, interpolation);
        return new View(out, p.withBox(box));
    }

    /** torchvision's {@code RandomResizedCrop.get_params}: an integer box inside a {@code width x height} image. */
    public CropBox sampleBox(int width, int height, Random rng) {
        double area = (double) width * height;
        double logLo = Math.log(ratioMin);
        double logHi = Math.log(ratioMax);
        for (int t = 0; t < TRIES; t++) {
            double target = area * Checks.uniform(rng, scaleMin, scaleMax);
            double ratio = Math.exp(Checks.uniform(rng, logLo, logHi));
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int y = rng.nextInt(height - h + 1);
                int x = rng.nextInt(width - w + 1);
                return new CropBox(x, y, w, h);
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < ratioMin) {
            w = width;
            h = Math.max(1, Math.min(height, (int) Math.round(w / ratioMin)));
        } else if (inRatio > ratioMax) {
            h = height;
            w = Math.max(1, Math.min(width, (int) Math.round(h * ratioMax)));
        } else {
            w = width;
            h = height;
        }
        return new CropBox((width - w) / 2, (height - h) / 2, w, h);
    }

    @Override
    public String toString() {
        return "RandomResizedCrop[size=" + size + ", scale=(" + scaleMin + ", " + scaleMax + "), ratio=("
                + ratioMin + ", " + ratioMax + "), " + interpolation + (allowUpscale ? ", allowUpscale" : "") + "]";
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private final int size;
        private double scaleMin = 0.08;
        private double scaleMax = 1.0;
        private double ratioMin = 3.0 / 4.0;
        private double ratioMax = 4.0 / 3.0;
        private Interpolation interpolation = Interpolation.BILINEAR;
        private boolean allowUpscale;

        private Builder(int size) {
            this.size = size;
        }

        /** Range of the crop area as a fraction of the source area; default (0.08, 1). */
        public Builder scale(double min, double max) {
            this.scaleMin = min;
            this.scaleMax = max;
            return this;
        }

        /** Range of the crop aspect ratio width/height; default (3/4, 4/3). */
        public Builder ratio(double min, double max) {
            this.ratioMin = min;
            this.ratioMax = max;
            return this;
        }

        public Builder interpolation(Interpolation i) {
            this.interpolation = java.util.Objects.requireNonNull(i, "interpolation");
            return this;
        }

        /** Whether a source smaller than the output may be upscaled; default false (rejected). */
        public Builder allowUpscale(boolean allow) {
            this.allowUpscale = allow;
            return this;
        }

        public RandomResizedCrop build() {
            Checks.positive("size", size);
            if (!(scaleMin > 0 && scaleMin <= 1)) {
                throw new IllegalArgumentException("scale min must be in (0, 1], got " + scaleMin);
            }
            if (!(scaleMax >= scaleMin && scaleMax <= 1)) {
                throw new IllegalArgumentException("scale max must be in [scale min " + scaleMin + ", 1], got " + scaleMax);
            }
            if (!(ratioMin > 0) || Double.isInfinite(ratioMin)) {
                throw new IllegalArgumentException("ratio min must be > 0 and finite, got " + ratioMin);
            }
            if (!(ratioMax >= ratioMin) || Double.isInfinite(ratioMax)) {
                throw new IllegalArgumentException("ratio max must be finite and >= ratio min " + ratioMin
                        + ", got " + ratioMax);
            }
            return new RandomResizedCrop(this);
        }
    }
}
