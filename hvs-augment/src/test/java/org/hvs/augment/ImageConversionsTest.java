package org.hvs.augment;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageConversionsTest {

    static Image random(int c, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] d = new float[c * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(256) / 255f;
        }
        return Image.of(d, c, h, w);
    }

    @Test
    void bufferedImageRoundTripIsExactFor8BitValues() {
        for (int c : new int[] {1, 3}) {
            Image img = random(c, 5, 7, c);
            BufferedImage bi = ImageConversions.toBufferedImage(img);
            assertEquals(7, bi.getWidth());
            assertEquals(5, bi.getHeight());
            assertEquals(img, ImageConversions.fromBufferedImage(bi, c));
        }
    }

    @Test
    void colourToGrayUsesBt601Luma() {
        BufferedImage bi = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        bi.setRGB(0, 0, (200 << 16) | (100 << 8) | 50);
        Image g = ImageConversions.fromBufferedImage(bi, 1);
        assertEquals((0.299f * 200 + 0.587f * 100 + 0.114f * 50) / 255f, g.get(0, 0, 0), 1e-5f);
        Image rgb = ImageConversions.fromBufferedImage(bi, 3);
        assertEquals(200 / 255f, rgb.get(0, 0, 0), 0f);
        assertEquals(50 / 255f, rgb.get(2, 0, 0), 0f);
    }

    @Test
    void batchRoundTripIsExact() {
        Image a = random(3, 4, 6, 10);
        Image b = random(3, 4, 6, 11);
        INDArray batch = ImageConversions.toBatch(List.of(a, b));
        assertEquals(DataType.FLOAT, batch.dataType());
        assertArrayEquals(new long[] {2, 3, 4, 6}, batch.shape());
        assertEquals(b.get(2, 3, 5), batch.getFloat(1, 2, 3, 5), 0f);
        assertEquals(a, ImageConversions.fromBatch(batch, 0));
        assertEquals(b, ImageConversions.fromBatch(batch, 1));
    }

    @Test
    void validates() {
        Image a = random(3, 4, 6, 1);
        Image b = random(3, 5, 6, 2);
        assertEquals("image 1 is 3x5x6 but image 0 is 3x4x6", assertThrows(IllegalArgumentException.class,
                () -> ImageConversions.toBatch(List.of(a, b))).getMessage());
        assertEquals("images must not be empty", assertThrows(IllegalArgumentException.class,
                () -> ImageConversions.toBatch(List.of())).getMessage());
        assertEquals("channels must be 1 or 3, got 2", assertThrows(IllegalArgumentException.class,
                () -> ImageConversions.fromBufferedImage(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), 2))
                .getMessage());
        INDArray batch = ImageConversions.toBatch(List.of(a));
        assertEquals("index must be in [0, 1), got 1", assertThrows(IllegalArgumentException.class,
                () -> ImageConversions.fromBatch(batch, 1)).getMessage());
    }
}
