package org.hvs.ssl.backbone.fast;

import org.hvs.ssl.nn.Detached;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * One reusable buffer of a layer (package-private). Allocating large arrays is a large share of the
 * time of the element-wise layers (fresh pages from the OS), so the backward passes write their
 * results into a buffer kept from the previous call when the shape and type match.
 *
 * <p>Used only for arrays whose life ends within one backward pass: a layer's input gradient is
 * consumed by the layer before it, in the same {@code backpropGradient} call of the graph. Forward
 * activations are always fresh, because callers may keep them.
 */
final class Scratch {

    private INDArray buffer;

    /** An uninitialised C-order array of {@code shape}: the kept one when it fits, else a new one that is kept. */
    INDArray get(DataType type, long... shape) {
        if (buffer == null || buffer.dataType() != type || !Arrays.equals(buffer.shape(), shape)) {
            buffer = Detached.create(() -> Nd4j.createUninitialized(type, shape));
        }
        return buffer;
    }

    /** Forgets the kept buffer. */
    void clear() {
        buffer = null;
    }
}
