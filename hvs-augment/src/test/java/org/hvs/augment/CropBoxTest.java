package org.hvs.augment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CropBoxTest {

    @Test
    void iouIsOneForIdenticalZeroForDisjointAndAThirdForHalfShift() {
        CropBox a = new CropBox(2, 3, 10, 6);
        assertEquals(1.0, a.iou(new CropBox(2, 3, 10, 6)), 1e-12);
        assertEquals(0.0, a.iou(new CropBox(12, 3, 5, 5)), 1e-12); // touching edge
        assertEquals(0.0, a.iou(new CropBox(50, 50, 4, 4)), 1e-12);
        assertEquals(1.0 / 3.0, new CropBox(0, 0, 10, 10).iou(new CropBox(5, 0, 10, 10)), 1e-12);
        assertEquals(0.25, new CropBox(0, 0, 10, 10).iou(new CropBox(0, 0, 5, 5)), 1e-12);
    }

    @Test
    void insideChecksBounds() {
        assertTrue(CropBox.full(8, 4).inside(8, 4));
        assertFalse(new CropBox(1, 0, 8, 4).inside(8, 4));
    }

    @Test
    void validatesSize() {
        assertEquals("crop box size must be positive, got 0.0x3.0",
                assertThrows(IllegalArgumentException.class, () -> new CropBox(0, 0, 0, 3)).getMessage());
    }
}
