package org.hvs.core.select;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResizeTest {

    @Test
    void halfScaleAveragesTwoByTwoBlocks() {
        INDArray x = Nd4j.arange(16).castTo(DataType.FLOAT).reshape(1, 1, 4, 4);
        INDArray y = Resize.scale(x, 0.5);
        assertArrayEquals(new long[] {1, 1, 2, 2}, y.shape());
        // block (0,0) = {0,1,4,5} -> 2.5 ; (0,1) = {2,3,6,7} -> 4.5 ; (1,0) -> 10.5 ; (1,1) -> 12.5
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, y.reshape(4).toFloatVector(), 1e-6f);
    }

    @Test
    void blockMeansEqualTheMeansOverTheBlockAxes() {
        Nd4j.getRandom().setSeed(5);
        for (int k : new int[] {2, 4}) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, 8, 16).subi(0.5);
            INDArray expected = x.dup('c').reshape('c', 3, 2, 8 / k, k, 16 / k, k).mean(3, 5);
            INDArray y = Resize.scale(x, 1.0 / k);
            assertArrayEquals(expected.shape(), y.shape());
            assertEquals(0.0, expected.sub(y).amaxNumber().doubleValue(), 1e-6, "k = " + k);
        }
    }

    /** Each type's path (float in Java, double and half precision through the native pooling), on a view too. */
    @Test
    void blockMeansAgreeAcrossTypesAndOnViews() {
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 6, 9).subi(0.5);
        INDArray expected = x.dup('c').reshape('c', 2, 3, 2, 3, 3, 3).mean(3, 5);
        for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT, DataType.HALF}) {
            INDArray y = Resize.scale(x.castTo(t), 1.0 / 3);
            assertEquals(t, y.dataType());
            double tol = t == DataType.DOUBLE ? 1e-12 : t == DataType.FLOAT ? 1e-6 : 2e-3;
            assertEquals(0.0, expected.sub(y.castTo(DataType.DOUBLE)).amaxNumber().doubleValue(), tol, t.toString());
        }
        INDArray wide = Nd4j.rand(DataType.FLOAT, 4, 3, 6, 9);
        INDArray view = wide.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray fromView = Resize.scale(view, 1.0 / 3);
        assertEquals(0.0, Resize.scale(view.dup(), 1.0 / 3).sub(fromView).amaxNumber().doubleValue(), 1e-6);
    }

    @Test
    void otherFactorsResizeBilinearly() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 2, 3, 10, 10);
        INDArray y = Resize.scale(x, 0.7);
        assertArrayEquals(new long[] {2, 3, 7, 7}, y.shape());
        assertEquals(1.0, y.minNumber().doubleValue(), 1e-6);
        assertEquals(1.0, y.maxNumber().doubleValue(), 1e-6);
    }

    @Test
    void bilinearReproducesALinearRampAtHalfPixelCentres() {
        float[] ramp = new float[10 * 10];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                ramp[y * 10 + x] = x;
            }
        }
        INDArray y = Resize.scale(Nd4j.create(ramp, new long[] {1, 1, 10, 10}, 'c'), 0.7);
        double ratio = 10.0 / 7;
        for (int i = 1; i < 6; i++) {
            assertEquals((i + 0.5) * ratio - 0.5, y.getDouble(0, 0, 3, i), 1e-5, "column " + i);
        }
    }

    @Test
    void scaleOneIsIdentityAndBadScalesFail() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 1, 1, 4, 4);
        assertSame(x, Resize.scale(x, 1));
        assertThrows(IllegalArgumentException.class, () -> Resize.scale(x, 0));
        assertThrows(IllegalArgumentException.class, () -> Resize.scale(x, 2));
    }
}
