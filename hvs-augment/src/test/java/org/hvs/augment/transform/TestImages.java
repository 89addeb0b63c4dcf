package org.hvs.augment.transform;

import org.hvs.augment.Image;

import java.util.Random;

/** Small random images for the transform tests. */
final class TestImages {

    private TestImages() {
    }

    /** Values k/255 so 8-bit round trips are exact. */
    static Image random(int channels, int height, int width, long seed) {
        Random r = new Random(seed);
        float[] d = new float[channels * height * width];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(256) / 255f;
        }
        return Image.of(d, channels, height, width);
    }

    static Image constant(int channels, int height, int width, float v) {
        float[] d = new float[channels * height * width];
        java.util.Arrays.fill(d, v);
        return Image.of(d, channels, height, width);
    }
}
