package org.hvs.augment.data;

import org.hvs.augment.Image;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BufferedImagesTest {

    @Test
    void rgbRoundTripIsExactOnByteValues() {
        float[] data = new float[3 * 2 * 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i * 13 % 256) / 255f;
        }
        Image img = Image.of(data, 3, 2, 3);
        Image back = BufferedImages.toImage(BufferedImages.toBufferedImage(img), 3);
        assertEquals(img, back);
    }

    @Test
    void greyUsesLuminanceWeights() {
        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF0000);
        assertEquals(0.299f, BufferedImages.toImage(rgb, 1).get(0, 0, 0), 1e-6);
        BufferedImage grey = BufferedImages.toBufferedImage(Image.of(new float[] {0.4f}, 1, 1, 1));
        assertEquals(0.4f, BufferedImages.toImage(grey, 3).get(2, 0, 0), 0.5f / 255);
    }
}
