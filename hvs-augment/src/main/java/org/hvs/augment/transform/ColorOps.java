package org.hvs.augment.transform;

import org.hvs.augment.Image;

/**
 * The four colour adjustments of {@link ColorJitter}, as torchvision's functional
 * {@code adjust_brightness/contrast/saturation/hue} on float tensors: a blend
 * {@code clamp(f * img + (1 - f) * other, 0, 1)} with black, the mean luma, or the per-pixel luma;
 * hue rotates H in HSV space. A factor of 1 (hue 0) returns the input unchanged.
 */
final class ColorOps {

    private ColorOps() {
    }

    static Image brightness(Image img, double f) {
        if (f == 1) {
            return img;
        }
        float[] out = img.copyData();
        float ff = (float) f;
        for (int i = 0; i < out.length; i++) {
            out[i] = clamp(ff * out[i]);
        }
        return same(img, out);
    }

    static Image contrast(Image img, double f) {
        if (f == 1) {
            return img;
        }
        float[] luma = img.channels() == 3 ? RandomGrayscale.luma(img) : img.data();
        double sum = 0;
        for (float v : luma) {
            sum += v;
        }
        float mean = (float) (sum / luma.length);
        float ff = (float) f;
        float add = (1 - ff) * mean;
        float[] out = img.copyData();
        for (int i = 0; i < out.length; i++) {
            out[i] = clamp(ff * out[i] + add);
        }
        return same(img, out);
    }

    static Image saturation(Image img, double f) {
        if (f == 1 || img.channels() == 1) {
            return img;
        }
        float[] luma = RandomGrayscale.luma(img);
        int hw = luma.length;
        float ff = (float) f;
        float[] out = img.copyData();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < hw; i++) {
                out[c * hw + i] = clamp(ff * out[c * hw + i] + (1 - ff) * luma[i]);
            }
        }
        return same(img, out);
    }

    static Image hue(Image img, double shift) {
        if (shift == 0 || img.channels() == 1) {
            return img;
        }
        int hw = img.height() * img.width();
        float[] d = img.data();
        float[] out = new float[d.length];
        for (int i = 0; i < hw; i++) {
            float r = d[i];
            float g = d[hw + i];
            float b = d[2 * hw + i];
            float maxc = Math.max(r, Math.max(g, b));
            float minc = Math.min(r, Math.min(g, b));
            float cr = maxc - minc;
            boolean eq = maxc == minc;
            float s = cr / (eq ? 1f : maxc);
            float div = eq ? 1f : cr;
            float rc = (maxc - r) / div;
            float gc = (maxc - g) / div;
            float bc = (maxc - b) / div;
            float h;
            if (maxc == r) {
                h = bc - gc;
            } else if (maxc == g) {
                h = 2f + rc - bc;
            } else {
                h = 4f + gc - rc;
            }
            double hh = (h / 6.0 + 1.0) % 1.0;
            hh = ((hh + shift) % 1.0 + 1.0) % 1.0;
            float v = maxc;
            double h6 = hh * 6.0;
            int sector = (int) Math.floor(h6);
            float fr = (float) (h6 - sector);
            sector = sector % 6;
            float p = clamp(v * (1 - s));
            float q = clamp(v * (1 - s * fr));
            float t = clamp(v * (1 - s * (1 - fr)));
            float ro;
            float go;
            float bo;
            switch (sector) {
                case 0 -> { ro = v; go = t; bo = p; }
                case 1 -> { ro = q; go = v; bo = p; }
                case 2 -> { ro = p; go = v; bo = t; }
                case 3 -> { ro = p; go = q; bo = v; }
                case 4 -> { ro = t; go = p; bo = v; }
                default -> { ro = v; go = p; bo = q; }
            }
            out[i] = ro;
            out[hw + i] = go;
            out[2 * hw + i] = bo;
        }
        return same(img, out);
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    private static Image same(Image like, float[] data) {
        return Image.of(data, like.channels(), like.height(), like.width());
    }
}
