package org.hvs.augment.recipe;

import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.hvs.augment.transform.ColorJitter;
import org.hvs.augment.transform.Compose;
import org.hvs.augment.transform.GaussianBlur;
import org.hvs.augment.transform.HorizontalFlip;
import org.hvs.augment.transform.Interpolation;
import org.hvs.augment.transform.RandomGrayscale;
import org.hvs.augment.transform.RandomResizedCrop;
import org.hvs.augment.transform.Solarize;
import org.hvs.augment.transform.ViewTransform;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A named transform chain that turns a source image into one square view of {@link #size()}
 * pixels; the view's parameters carry the recipe name.
 *
 * <p>The factories follow the reference pipelines, with the output size and the crop scale range
 * as parameters so that 32-pixel data works as well as 224:
 * <ul>
 *   <li>{@link #simclr}: SimCLR (Chen et al. 2020, appendix A; lightly {@code SimCLRTransform}):
 *       crop scale (0.08, 1), bilinear, flip 0.5, jitter (0.8, 0.8, 0.8, 0.2) p 0.8, grayscale 0.2,
 *       blur p 0.5.</li>
 *   <li>{@link #simsiam}: SimSiam (facebookresearch/simsiam {@code main_simsiam.py}): scale (0.2, 1),
 *       bilinear, jitter (0.4, 0.4, 0.4, 0.1) p 0.8, grayscale 0.2, blur p 0.5, flip 0.5. (The HVS
 *       paper's code, automl/hvp {@code make_pretrain_transform}, uses saturation 0.2 and a 9-tap
 *       blur; use the builder for that variant.)</li>
 *   <li>{@link #dinoGlobal1}, {@link #dinoGlobal2}, {@link #dinoLocal}: DINO
 *       (facebookresearch/dino {@code DataAugmentationDINO}): bicubic crops, scale (0.4, 1) global
 *       and (0.05, 0.4) local, flip 0.5, jitter (0.4, 0.4, 0.2, 0.1) p 0.8, grayscale 0.2; blur p
 *       1.0 (global 1), 0.1 plus solarize p 0.2 (global 2), 0.5 (local).</li>
 *   <li>{@link #ibotGlobal1}, {@link #ibotGlobal2}, {@link #ibotLocal}: iBOT (bytedance/ibot
 *       {@code DataAugmentationiBOT}): as DINO with global scale (0.14, 1).</li>
 * </ul>
 * Order: crop, flip, jitter, grayscale, blur, solarize (DINO's); flip commutes with the colour
 * steps and the symmetric blur, so SimSiam's flip-last order gives the same distribution.
 * Blur sigma is (0.1, 2.0) at the paper's size (224 global, 96 local) and scales with the output
 * size ({@code size / 224}, {@code size / 96}), so a 32-pixel view is blurred as much relative to
 * its content as a 224-pixel one. Solarize uses PIL's threshold 128/255.
 *
 * <pre>{@code
 * ViewRecipe r = ViewRecipe.simsiam(32);
 * View v = r.make(image, new Random(3));
 * ViewRecipe custom = ViewRecipe.builder("mine", 64).scale(0.3, 1).blur(0.0).build();
 * }</pre>
 */
public final class ViewRecipe {
    /** Output size at which the reference pipelines set global blur sigma (0.1, 2.0). */
    public static final int REFERENCE_GLOBAL_SIZE = 224;
    /** Output size of the reference local crops (DINO, iBOT). */
    public static final int REFERENCE_LOCAL_SIZE = 96;

    private final String name;
    private final int size;
    private final ViewTransform transform;
    /** The settings this recipe was built from; null for {@link #of} recipes. */
    private final Builder settings;

    private ViewRecipe(String name, int size, ViewTransform transform, Builder settings) {
        this.name = name;
        this.size = size;
        this.transform = transform;
        this.settings = settings;
    }

    /**
     * A recipe from any transform chain whose first step crops the source to {@code size x size}
     * (checked in {@link #make}).
     */
    public static ViewRecipe of(String name, int size, ViewTransform transform) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(transform, "transform");
        if (name.isBlank()) {
            throw new IllegalArgumentException("recipe name must not be blank, got '" + name + "'");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("size must be > 0, got " + size);
        }
        return new ViewRecipe(name, size, transform, null);
    }

    /** A builder with no augmentation but the crop (scale (0.08, 1), bilinear). */
    public static Builder builder(String name, int size) {
        return new Builder(name, size);
    }

    public static ViewRecipe simclr(int size) {
        return simclr(size, 0.08, 1.0);
    }

    public static ViewRecipe simclr(int size, double scaleMin, double scaleMax) {
        return builder("simclr", size).scale(scaleMin, scaleMax).flip(0.5).colorJitter(0.8, 0.8, 0.8, 0.2, 0.8)
                .grayscale(0.2).blur(0.5).build();
    }

    public static ViewRecipe simsiam(int size) {
        return simsiam(size, 0.2, 1.0);
    }

    public static ViewRecipe simsiam(int size, double scaleMin, double scaleMax) {
        return builder("simsiam", size).scale(scaleMin, scaleMax).flip(0.5).colorJitter(0.4, 0.4, 0.4, 0.1, 0.8)
                .grayscale(0.2).blur(0.5).build();
    }

    /**
     * SimSiam's CIFAR-10 pipeline (Chen and He 2021, appendix; solo-learn's cifar preset): crop scale
     * (0.2, 1), flip, colour jitter (0.4, 0.4, 0.4, 0.1) with p=0.8, grayscale p=0.2, no blur. The
     * choice for small images (32 px), where the ImageNet blur destroys most of the signal.
     */
    public static ViewRecipe simsiamCifar(int size) {
        return simsiamCifar(size, 0.2);
    }

    /** {@link #simsiamCifar(int)} with another minimum crop scale. */
    public static ViewRecipe simsiamCifar(int size, double scaleMin) {
        return builder("simsiam-cifar", size).scale(scaleMin, 1.0).flip(0.5).colorJitter(0.4, 0.4, 0.4, 0.1, 0.8)
                .grayscale(0.2).build();
    }

    /**
     * SimCLR's CIFAR-10 pipeline (Chen et al. 2020, appendix B.9: colour strength 0.5, no blur): crop
     * scale (0.08, 1), flip, colour jitter (0.4, 0.4, 0.4, 0.1) with p=0.8, grayscale p=0.2.
     */
    public static ViewRecipe simclrCifar(int size) {
        return simclrCifar(size, 0.08);
    }

    /** {@link #simclrCifar(int)} with another minimum crop scale. */
    public static ViewRecipe simclrCifar(int size, double scaleMin) {
        return builder("simclr-cifar", size).scale(scaleMin, 1.0).flip(0.5).colorJitter(0.4, 0.4, 0.4, 0.1, 0.8)
                .grayscale(0.2).build();
    }

    public static ViewRecipe dinoGlobal1(int size) {
        return dinoGlobal1(size, 0.4, 1.0);
    }

    public static ViewRecipe dinoGlobal1(int size, double scaleMin, double scaleMax) {
        return dinoLike("dino-global-1", size, scaleMin, scaleMax, 1.0, 0.0, REFERENCE_GLOBAL_SIZE);
    }

    public static ViewRecipe dinoGlobal2(int size) {
        return dinoGlobal2(size, 0.4, 1.0);
    }

    public static ViewRecipe dinoGlobal2(int size, double scaleMin, double scaleMax) {
        return dinoLike("dino-global-2", size, scaleMin, scaleMax, 0.1, 0.2, REFERENCE_GLOBAL_SIZE);
    }

    public static ViewRecipe dinoLocal(int size) {
        return dinoLocal(size, 0.05, 0.4);
    }

    public static ViewRecipe dinoLocal(int size, double scaleMin, double scaleMax) {
        return dinoLike("dino-local", size, scaleMin, scaleMax, 0.5, 0.0, REFERENCE_LOCAL_SIZE);
    }

    public static ViewRecipe ibotGlobal1(int size) {
        return ibotGlobal1(size, 0.14, 1.0);
    }

    public static ViewRecipe ibotGlobal1(int size, double scaleMin, double scaleMax) {
        return dinoLike("ibot-global-1", size, scaleMin, scaleMax, 1.0, 0.0, REFERENCE_GLOBAL_SIZE);
    }

    public static ViewRecipe ibotGlobal2(int size) {
        return ibotGlobal2(size, 0.14, 1.0);
    }

    public static ViewRecipe ibotGlobal2(int size, double scaleMin, double scaleMax) {
        return dinoLike("ibot-global-2", size, scaleMin, scaleMax, 0.1, 0.2, REFERENCE_GLOBAL_SIZE);
    }

    public static ViewRecipe ibotLocal(int size) {
        return ibotLocal(size, 0.05, 0.4);
    }

    public static ViewRecipe ibotLocal(int size, double scaleMin, double scaleMax) {
        return dinoLike("ibot-local", size, scaleMin, scaleMax, 0.5, 0.0, REFERENCE_LOCAL_SIZE);
    }

    private static ViewRecipe dinoLike(String name, int size, double scaleMin, double scaleMax, double blurP,
                                       double solarizeP, int referenceSize) {
        return builder(name, size).scale(scaleMin, scaleMax).interpolation(Interpolation.BICUBIC).flip(0.5)
                .colorJitter(0.4, 0.4, 0.2, 0.1, 0.8).grayscale(0.2).blur(blurP)
                .blurSigmaAtReference(referenceSize).solarize(solarizeP).build();
    }

    public String name() {
        return name;
    }

    /** Output height and width of the views. */
    public int size() {
        return size;
    }

    public ViewTransform transform() {
        return transform;
    }

    /**
     * A builder holding this recipe's settings, to change a step and build a variant, e.g.
     * {@code ViewRecipe.dinoGlobal1(32).toBuilder().grayscale(1.0).build()}.
     *
     * @throws IllegalStateException if this recipe was made by {@link #of} from a custom transform
     */
    public Builder toBuilder() {
        if (settings == null) {
            throw new IllegalStateException("recipe '" + name + "' was made by ViewRecipe.of from a custom transform"
                    + " and has no builder settings");
        }
        return settings.copy(name);
    }

    /**
     * One view of {@code source}, drawn with {@code rng}; its params carry this recipe's name.
     *
     * @throws IllegalStateException if the transform chain did not produce a {@code size x size} view
     */
    public View make(Image source, Random rng) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rng, "rng");
        View v = transform.apply(View.of(source), rng);
        if (v.image().height() != size || v.image().width() != size) {
            throw new IllegalStateException("recipe '" + name + "' must make " + size + "x" + size + " views, made "
                    + v.image().height() + "x" + v.image().width());
        }
        return new View(v.image(), v.params().withRecipe(name));
    }

    @Override
    public String toString() {
        return "ViewRecipe[" + name + ", " + size + "px, " + transform + "]";
    }

    /**
     * Builder of the standard chain crop, flip, jitter, grayscale, blur, solarize; a step whose
     * probability is 0 is left out. {@link #build()} validates every setting.
     */
    public static final class Builder {
        private final String name;
        private final int size;
        private double scaleMin = 0.08;
        private double scaleMax = 1.0;
        private double ratioMin = 3.0 / 4.0;
        private double ratioMax = 4.0 / 3.0;
        private Interpolation interpolation = Interpolation.BILINEAR;
        private boolean allowUpscale;
        private double flipP;
        private double[] jitter = {0, 0, 0, 0};
        private double jitterP;
        private double grayP;
        private double blurP;
        private double sigmaMin = Double.NaN;
        private double sigmaMax = Double.NaN;
        private int referenceSize = REFERENCE_GLOBAL_SIZE;
        private double solarizeP;
        private double solarizeThreshold = Solarize.PIL_THRESHOLD;

        private Builder(String name, int size) {
            this.name = Objects.requireNonNull(name, "name");
            this.size = size;
        }

        /** A copy of these settings under another name. */
        Builder copy(String newName) {
            Builder b = new Builder(newName, size);
            b.scaleMin = scaleMin;
            b.scaleMax = scaleMax;
            b.ratioMin = ratioMin;
            b.ratioMax = ratioMax;
            b.interpolation = interpolation;
            b.allowUpscale = allowUpscale;
            b.flipP = flipP;
            b.jitter = jitter.clone();
            b.jitterP = jitterP;
            b.grayP = grayP;
            b.blurP = blurP;
            b.sigmaMin = sigmaMin;
            b.sigmaMax = sigmaMax;
            b.referenceSize = referenceSize;
            b.solarizeP = solarizeP;
            b.solarizeThreshold = solarizeThreshold;
            return b;
        }

        public Builder scale(double min, double max) {
            this.scaleMin = min;
            this.scaleMax = max;
            return this;
        }

        public Builder ratio(double min, double max) {
            this.ratioMin = min;
            this.ratioMax = max;
            return this;
        }

        public Builder interpolation(Interpolation i) {
            this.interpolation = Objects.requireNonNull(i, "interpolation");
            return this;
        }

        /** Whether sources smaller than {@code size} may be upscaled (e.g. 28-pixel images to 32). */
        public Builder allowUpscale(boolean allow) {
            this.allowUpscale = allow;
            return this;
        }

        public Builder flip(double p) {
            this.flipP = p;
            return this;
        }

        public Builder colorJitter(double brightness, double contrast, double saturation, double hue, double p) {
            this.jitter = new double[] {brightness, contrast, saturation, hue};
            this.jitterP = p;
            return this;
        }

        /** The colour jitter's hue strength alone (brightness, contrast, saturation and p unchanged). */
        public Builder hue(double h) {
            this.jitter = jitter.clone();
            this.jitter[3] = h;
            return this;
        }

        public Builder grayscale(double p) {
            this.grayP = p;
            return this;
        }

        /** Blur probability; sigma from {@link #blurSigma} or else (0.1, 2.0) scaled to the size. */
        public Builder blur(double p) {
            this.blurP = p;
            return this;
        }

        /** Explicit blur sigma range in output pixels (overrides the size-scaled default). */
        public Builder blurSigma(double min, double max) {
            this.sigmaMin = min;
            this.sigmaMax = max;
            return this;
        }

        /** The output size at which the default sigma range is (0.1, 2.0); default 224. */
        public Builder blurSigmaAtReference(int referenceSize) {
            if (referenceSize <= 0) {
                throw new IllegalArgumentException("reference size must be > 0, got " + referenceSize);
            }
            this.referenceSize = referenceSize;
            return this;
        }

        public Builder solarize(double p) {
            this.solarizeP = p;
            return this;
        }

        public Builder solarizeThreshold(double threshold) {
            this.solarizeThreshold = threshold;
            return this;
        }

        public ViewRecipe build() {
            List<ViewTransform> steps = new ArrayList<>();
            steps.add(RandomResizedCrop.builder(size).scale(scaleMin, scaleMax).ratio(ratioMin, ratioMax)
                    .interpolation(interpolation).allowUpscale(allowUpscale).build());
            HorizontalFlip flip = new HorizontalFlip(flipP);
            ColorJitter cj = new ColorJitter(jitter[0], jitter[1], jitter[2], jitter[3], jitterP);
            RandomGrayscale gray = new RandomGrayscale(grayP);
            double f = (double) size / referenceSize;
            double lo = Double.isNaN(sigmaMin) ? 0.1 * f : sigmaMin;
            double hi = Double.isNaN(sigmaMax) ? 2.0 * f : sigmaMax;
            GaussianBlur blur = new GaussianBlur(lo, hi, blurP);
            Solarize sol = new Solarize(solarizeThreshold, solarizeP);
            if (flipP > 0) {
                steps.add(flip);
            }
            if (jitterP > 0) {
                steps.add(cj);
            }
            if (grayP > 0) {
                steps.add(gray);
            }
            if (blurP > 0) {
                steps.add(blur);
            }
            if (solarizeP > 0) {
                steps.add(sol);
            }
            ViewRecipe made = ViewRecipe.of(name, size, Compose.of(steps));
            return new ViewRecipe(made.name, made.size, made.transform, copy(name));
        }
    }
}
