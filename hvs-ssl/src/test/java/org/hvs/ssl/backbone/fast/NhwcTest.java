package org.hvs.ssl.backbone.fast;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NhwcTest {

    @Test
    void nchwViewOfAnNhwcBufferComesBackWithoutACopy() {
        INDArray nhwc = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5);
        INDArray nchw = Nhwc.asNchw(nhwc);
        assertArrayEquals(new long[]{2, 5, 3, 4}, nchw.shape());
        assertEquals(nhwc.getFloat(1, 2, 3, 4), nchw.getFloat(1, 4, 2, 3));
        INDArray back = Nhwc.of(nchw);
        back.putScalar(new long[]{1, 2, 3, 4}, 42f);
        assertEquals(42f, nhwc.getFloat(1, 2, 3, 4), "same buffer, no copy");
    }

    @Test
    void plainNchwArrayIsCopiedIntoNhwc() {
        INDArray nchw = Nd4j.rand(DataType.FLOAT, 2, 5, 3, 4);
        INDArray nhwc = Nhwc.of(nchw);
        assertArrayEquals(new long[]{2, 3, 4, 5}, nhwc.shape());
        assertEquals(nchw.getFloat(1, 4, 2, 3), nhwc.getFloat(1, 2, 3, 4));
        assertArrayEquals(Nd4j.getStrides(nhwc.shape(), 'c'), nhwc.stride());
        nhwc.putScalar(new long[]{1, 2, 3, 4}, 42f);
        assertEquals(false, nchw.getFloat(1, 4, 2, 3) == 42f, "a copy");
    }

    @Test
    void rejectsArraysThatAreNotRank4() {
        assertEquals("expected a rank-4 NCHW array, got shape [2, 3]", assertThrows(IllegalArgumentException.class,
                () -> Nhwc.of(Nd4j.create(DataType.FLOAT, 2, 3))).getMessage());
    }
}
