package org.hvs.augment.transform;

import org.hvs.augment.Image;
import org.hvs.augment.View;

import java.util.Random;

/**
 * Gaussian blur with a random sigma, applied with probability {@code p}: the blur of SimCLR
 * (Chen et al. 2020, appendix A: sigma uniform in [0.1, 2.0] at 224 px) as written in DINO's
 * {@code utils.GaussianBlur} (PIL radius = sigma, uniform in [0.1, 2]). Sigma is in OUTPUT pixels
 * and is recorded with {@link org.hvs.augment.ViewParams#withBlurSigma}. The kernel is separable,
 * truncated at {@code ceil(3 sigma)} (at least 1), normalised to sum 1, with edge pixels
 * replicated at the border, so a constant image stays constant.
 *
 * <pre>{@code
 * View blurred = new GaussianBlur(0.1, 2.0, 0.5).apply(view, rng);
 * }</pre>
 */
public final class GaussianBlur implements ViewTransform {
    private final double sigmaMin;
    private final double sigmaMax;
    private final double p;

    /**
     * @param sigmaMin smallest sigma in output pixels, > 0
     * @param sigmaMax largest sigma, >= sigmaMin
     * @param p        probability of blurring, in [0, 1]
     */
    public GaussianBlur(double sigmaMin, double sigmaMax, double p) {
        if (!(sigmaMin > 0) || Double.isInfinite(sigmaMin)) {
            throw new IllegalArgumentException("blur sigma min must be > 0 and finite, got " + sigmaMin);
        }
        if (!(sigmaMax >= sigmaMin) || Double.isInfinite(sigmaMax)) {
            throw new IllegalArgumentException("blur sigma max must be finite and >= sigma min " + sigmaMin
                    + ", got " + sigmaMax);
        }
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
        this.p = Checks.probability("blur p", p);
    }

    public double sigmaMin() {
        return sigmaMin;
    }

    public double sigmaMax() {
        return sigmaMax;
    }

    public double p() {
        return p;
    }

    @Override
    public View apply(View in, Random rng) {
        if (!(rng.nextDouble() < p)) {
            return in;
        }
        double sigma = Checks.uniform(rng, sigmaMin, sigmaMax);
        return new View(blur(in.image(), sigma), in.params().withBlurSigma(sigma));
    }

    /** The image blurred with a separable Gaussian of the given sigma (pixels, > 0). */
    public static Image blur(Image img, double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("blur sigma must be > 0, got " + sigma);
        }
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            double v = Math.exp(-0.5 * i * i / (sigma * sigma));
            k[i + r] = (float) v;
            sum += v;
        }
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (k[i] / sum);
        }
        int c = img.channels();
        int h = img.height();
        int w = img.width();
        float[] src = img.data();
        float[] tmp = new float[src.length];
        for (int row = 0; row < c * h; row++) {
            int o = row * w;
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int t = -r; t <= r; t++) {
                    int xx = Math.min(w - 1, Math.max(0, x + t));
                    s += k[t + r] * src[o + xx];
                }
                tmp[o + x] = s;
            }
        }
        float[] out = new float[src.length];
        for (int ch = 0; ch < c; ch++) {
            int plane = ch * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int t = -r; t <= r; t++) {
                        int yy = Math.min(h - 1, Math.max(0, y + t));
                        s += k[t + r] * tmp[plane + yy * w + x];
                    }
                    out[plane + y * w + x] = Math.min(1f, Math.max(0f, s));
                }
            }
        }
        return Image.of(out, c, h, w);
    }

    @Override
    public String toString() {
        return "GaussianBlur[sigma=(" + sigmaMin + ", " + sigmaMax + "), p=" + p + "]";
    }
}
