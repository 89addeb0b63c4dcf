package org.hvs.ssl.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The row layout of a head applied to every token: DL4J feeds a dense layer the ViT's token sequence
 * {@code [R, D, 1+T]} through {@code RnnToFeedForwardPreProcessor}, which makes it {@code [(1+T)*R, D]}
 * token-major (row {@code t*R + r} is token t of sample r). So the head's output holds the CLS
 * outputs of all R samples in its first R rows and the patch outputs after them. This class splits
 * that output into CLS {@code [R, K]} and patches {@code [R, T, K]} (the loss layout), and merges
 * the two gradients back.
 */
final class TokenRows {
    private TokenRows() {
    }

    /** The CLS rows, {@code [R, K]} (a view). */
    static INDArray cls(INDArray headOut, long samples) {
        return headOut.get(NDArrayIndex.interval(0, samples), NDArrayIndex.all());
    }

    /** The patch rows as {@code [R, T, K]} (a new array, row r token t). */
    static INDArray patches(INDArray headOut, long samples) {
        tokens(headOut, samples); // checks the shape
        return patchRows(headOut.get(NDArrayIndex.interval(samples, headOut.size(0)), NDArrayIndex.all()), samples);
    }

    /**
     * Patch rows only, {@code [T*R, K]} token-major (a head on the patch tokens alone), as
     * {@code [R, T, K]} (a new array).
     */
    static INDArray patchRows(INDArray headOut, long samples) {
        if (headOut.rank() != 2 || headOut.size(0) % samples != 0) {
            throw new IllegalArgumentException("patch head output must be [T*" + samples + ", K], got "
                    + java.util.Arrays.toString(headOut.shape()));
        }
        return headOut.reshape('c', headOut.size(0) / samples, samples, headOut.size(1)).permute(1, 0, 2).dup('c');
    }

    /** The inverse of {@link #patchRows}: {@code [R, T, K]} as token-major rows {@code [T*R, K]}. */
    static INDArray toPatchRows(INDArray patches) {
        return patches.permute(1, 0, 2).dup('c').reshape('c', patches.size(0) * patches.size(1), patches.size(2));
    }

    /**
     * The head's output gradient {@code [(1+T)*R, K]} from a CLS gradient {@code [R, K]} and a patch
     * gradient {@code [R, T, K]}; either may be null (zeros).
     */
    static INDArray merge(INDArray clsGrad, INDArray patchGrad, long samples, long tokens, long k) {
        INDArray out = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, (1 + tokens) * samples, k);
        if (clsGrad != null) {
            out.get(NDArrayIndex.interval(0, samples), NDArrayIndex.all()).assign(clsGrad);
        }
        if (patchGrad != null) {
            out.get(NDArrayIndex.interval(samples, (1 + tokens) * samples), NDArrayIndex.all())
                    .assign(toPatchRows(patchGrad));
        }
        return out;
    }

    /** T, the number of patch tokens, from the head output's row count. */
    static long tokens(INDArray headOut, long samples) {
        if (headOut.rank() != 2 || headOut.size(0) % samples != 0 || headOut.size(0) / samples < 1) {
            throw new IllegalArgumentException("head output must be [(1+T)*" + samples + ", K], got "
                    + java.util.Arrays.toString(headOut.shape()));
        }
        return headOut.size(0) / samples - 1;
    }
}
