package org.hvs.ssl.backbone.fast;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Layout helpers: a fast layer receives a logically NCHW {@code [B, C, H, W]} array and wants a
 * C-contiguous NHWC {@code [B, H, W, C]} one; it returns NHWC results as NCHW views
 * ({@code permute(0, 3, 1, 2)}), so the next fast layer gets its NHWC buffer back without a copy.
 */
final class Nhwc {

    private Nhwc() {
    }

    /**
     * A C-contiguous NHWC array holding {@code nchw}: the underlying buffer itself when
     * {@code nchw} is an NCHW view of a contiguous NHWC buffer, otherwise a copy.
     */
    static INDArray of(INDArray nchw) {
        if (nchw.rank() != 4) {
            throw new IllegalArgumentException("expected a rank-4 NCHW array, got shape " + Arrays.toString(nchw.shape()));
        }
        INDArray p = nchw.permute(0, 2, 3, 1);
        long[] shape = p.shape();
        long[] cStrides = Nd4j.getStrides(shape, 'c');
        if (Arrays.equals(p.stride(), cStrides)) {
            if (p.ordering() == 'c') {
                return p;
            }
            return Nd4j.create(p.data(), shape, cStrides, p.offset(), 'c', p.dataType());
        }
        return p.dup('c');
    }

    /** The logically NCHW view of a C-contiguous NHWC array. */
    static INDArray asNchw(INDArray nhwc) {
        return nhwc.permute(0, 3, 1, 2);
    }
}
