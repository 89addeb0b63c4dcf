package org.hvs.augment.transform;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizationTest {

    @Test
    void standardisesPerChannelInPlaceAndOnNd4j() {
        Normalization n = Normalization.of(new double[] {0.5, 0.25}, new double[] {0.5, 0.25});
        float[] data = {1f, 0.5f, 0.25f, 0.75f, /* sample 2 */ 0f, 0f, 1f, 1f};
        INDArray batch = Nd4j.create(data.clone(), new long[] {2, 2, 1, 2}, 'c');
        n.applyInPlace(data, 2, 2);
        assertArrayEquals(new float[] {1f, 0f, 0f, 2f, -1f, -1f, 3f, 3f}, data, 1e-6f);
        INDArray out = n.apply(batch);
        assertArrayEquals(data, out.data().asFloat(), 1e-6f);
        assertEquals(1f, batch.getFloat(0, 0, 0, 0), 0f); // input untouched
    }

    @Test
    void noneIsIdentityForAnyChannelCount() {
        float[] d = {0.1f, 0.2f, 0.3f};
        Normalization.NONE.applyInPlace(d, 1, 3);
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, d);
        assertTrue(Normalization.NONE.isIdentity());
        assertEquals(3, Normalization.IMAGENET.mean().length);
    }

    @Test
    void validates() {
        assertEquals("std must be > 0 and finite, got 0.0 at channel 1", assertThrows(IllegalArgumentException.class,
                () -> Normalization.of(new double[] {0, 0}, new double[] {1, 0})).getMessage());
        assertEquals("mean and std must have the same non-zero length, got 2 and 1",
                assertThrows(IllegalArgumentException.class,
                        () -> Normalization.of(new double[] {0, 0}, new double[] {1})).getMessage());
        assertEquals("normalization has 3 channels, images have 1", assertThrows(IllegalArgumentException.class,
                () -> Normalization.IMAGENET.applyInPlace(new float[4], 1, 4)).getMessage());
    }
}
