package org.hvs.augment.adapt;

import org.hvs.augment.CropBox;
import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.hvs.augment.ViewParams;
import org.hvs.augment.transform.ViewTransform;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageOperatorTest {

    static Image image(int c, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] d = new float[c * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(256) / 255f;
        }
        return Image.of(d, c, h, w);
    }

    private static Image invert(Image img) {
        float[] d = img.copyData();
        for (int i = 0; i < d.length; i++) {
            d[i] = 1f - d[i];
        }
        return Image.of(d, img.channels(), img.height(), img.width());
    }

    @Test
    void wrapsAnImageFunctionKeepingParams() {
        Image src = image(3, 4, 5, 1);
        ViewParams params = ViewParams.of(new CropBox(1, 2, 3, 4), "r").withFlipped(true);
        View in = new View(src, params);
        View out = ImageOperator.asTransform((img, rng) -> invert(img)).apply(in, new Random(0));
        assertEquals(invert(src), out.image());
        assertEquals(params, out.params());
    }

    @Test
    void passesTheRandomSource() {
        Image src = image(1, 2, 2, 2);
        ImageOperator noise = (img, rng) -> Image.of(new float[] {rng.nextFloat(), 0, 0, 0}, 1, 2, 2);
        View a = noise.asTransform().apply(View.of(src), new Random(5));
        View b = noise.asTransform().apply(View.of(src), new Random(5));
        assertEquals(a.image(), b.image());
        assertEquals(new Random(5).nextFloat(), a.image().get(0, 0, 0));
    }

    @Test
    void wrapsABufferedImageFunction() {
        Image src = image(3, 3, 4, 3);
        BufferedImageOperator mirror = (bi, rng) -> {
            BufferedImage out = new BufferedImage(bi.getWidth(), bi.getHeight(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < bi.getHeight(); y++) {
                for (int x = 0; x < bi.getWidth(); x++) {
                    out.setRGB(bi.getWidth() - 1 - x, y, bi.getRGB(x, y));
                }
            }
            return out;
        };
        View out = mirror.asTransform().apply(View.of(src), new Random(0));
        assertEquals(src.get(1, 2, 0), out.image().get(1, 2, 3));
        assertEquals(src.get(2, 0, 3), out.image().get(2, 0, 0));
    }

    @Test
    void rejectsASizeChange() {
        ViewTransform shrink = ImageOperator.asTransform((img, rng) -> Image.zeros(img.channels(), 2, 2));
        assertEquals("image operator must keep the image size 3x4x5, got 3x2x2", assertThrows(
                IllegalStateException.class, () -> shrink.apply(View.of(image(3, 4, 5, 4)), new Random(0))).getMessage());
    }
}
