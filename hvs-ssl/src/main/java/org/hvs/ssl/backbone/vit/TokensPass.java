package org.hvs.ssl.backbone.vit;

import org.hvs.ssl.nn.Detached;
import org.hvs.ssl.nn.ManualLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hvs.ssl.backbone.vit.PatchTokens.*;

/**
 * The forward and backward pass of {@link PatchTokens} in ND4J array ops. The bilinear resizing
 * matrices of the position embeddings ({@link PositionInterpolation}) are built once per grid and
 * kept.
 */
final class TokensPass implements ManualLayer {
    private final int dim;
    private final int gridHeight;
    private final int gridWidth;
    private final boolean masked;
    private final Map<List<Object>, INDArray> resize = new HashMap<>();

    TokensPass(int dim, int gridHeight, int gridWidth, boolean masked) {
        this.dim = dim;
        this.gridHeight = gridHeight;
        this.gridWidth = gridWidth;
        this.masked = masked;
    }

    private record Cache(long[] inputShape, INDArray patches, INDArray mask, INDArray resize) {
    }

    @Override
    public Forward forward(INDArray input, Map<String, INDArray> p, boolean forBackward) {
        long expected = masked ? dim + 1L : dim;
        if (input.rank() != 4 || input.size(1) != expected) {
            throw new IllegalArgumentException("PatchTokens" + (masked ? " (masked)" : "") + " expects " + expected
                    + " input channels, [B, " + expected + ", h, w], got " + java.util.Arrays.toString(input.shape()));
        }
        long b = input.size(0);
        int h = (int) input.size(2);
        int w = (int) input.size(3);
        long t = (long) h * w;
        INDArray patches = input.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dim), NDArrayIndex.all(),
                NDArrayIndex.all()).dup('c').reshape('c', b, dim, t);                          // [B, D, T]
        INDArray mask = null;
        INDArray embedded = patches;
        if (masked) {
            mask = input.get(NDArrayIndex.all(), NDArrayIndex.interval(dim, dim + 1), NDArrayIndex.all(),
                    NDArrayIndex.all()).dup('c').reshape('c', b, 1, t);                        // [B, 1, T]
            INDArray token = p.get(MASK_TOKEN).reshape('c', 1, dim, 1);
            embedded = patches.mul(mask.rsub(1.0)).addi(mask.mul(token));
        }
        INDArray r = resizeMatrix(h, w, input.dataType());
        INDArray pos = positions(p.get(POS), r);                                                // [1 + T, D]
        INDArray out = Nd4j.createUninitialized(input.dataType(), b, dim, 1 + t);
        out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0))
                .assign(Nd4j.zeros(input.dataType(), b, dim).addiRowVector(p.get(CLS).castTo(input.dataType())));
        out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + t)).assign(embedded);
        out.addi(pos.transpose().reshape('c', 1, dim, 1 + t));
        return new Forward(out, forBackward ? new Cache(input.shape(), masked ? patches : null, mask, r) : null);
    }

    @Override
    public INDArray backward(Object cache, INDArray eps, Map<String, INDArray> p, Map<String, INDArray> grads) {
        Cache c = (Cache) cache;
        long b = c.inputShape()[0];
        long t = c.inputShape()[2] * c.inputShape()[3];
        INDArray dPos = eps.sum(0).transpose();                                                 // [1 + T, D]
        grads.get(CLS).assign(dPos.getRow(0).reshape(1, dim));
        INDArray dPatchPos = dPos.get(NDArrayIndex.interval(1, 1 + t), NDArrayIndex.all());
        INDArray posGrad = grads.get(POS);
        posGrad.getRow(0).assign(dPos.getRow(0));
        posGrad.get(NDArrayIndex.interval(1, posGrad.size(0)), NDArrayIndex.all())
                .assign(c.resize() == null ? dPatchPos : c.resize().transpose().mmul(dPatchPos));
        INDArray dEmbedded = eps.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + t))
                .dup('c');                                                                      // [B, D, T]
        INDArray dx = Nd4j.createUninitialized(eps.dataType(), c.inputShape());
        if (masked) {
            INDArray token = p.get(MASK_TOKEN).reshape('c', 1, dim, 1);
            grads.get(MASK_TOKEN).assign(dEmbedded.mul(c.mask()).sum(0, 2).reshape(1, dim));
            // d/dm of e (1 - m) + token m is token - e
            INDArray dMask = dEmbedded.mul(c.patches().rsub(0.0).addi(token)).sum(true, 1);    // [B, 1, T]
            dx.get(NDArrayIndex.all(), NDArrayIndex.interval(dim, dim + 1), NDArrayIndex.all(), NDArrayIndex.all())
                    .assign(dMask.reshape('c', b, 1, c.inputShape()[2], c.inputShape()[3]));
            dEmbedded.muli(c.mask().rsub(1.0));
        } else {
            grads.get(MASK_TOKEN).assign(0);
        }
        dx.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dim), NDArrayIndex.all(), NDArrayIndex.all())
                .assign(dEmbedded.reshape('c', b, dim, c.inputShape()[2], c.inputShape()[3]));
        return dx;
    }

    /** The stored embeddings, or those with the patch rows resized by {@code r} ({@code null}: the original grid). */
    private static INDArray positions(INDArray pos, INDArray r) {
        if (r == null) {
            return pos;
        }
        INDArray patchPos = r.mmul(pos.get(NDArrayIndex.interval(1, pos.size(0)), NDArrayIndex.all()));
        return Nd4j.concat(0, pos.getRow(0).reshape(1, pos.size(1)), patchPos);
    }

    /** The resizing matrix for an h x w grid, {@code null} at the stored grid. */
    private INDArray resizeMatrix(int h, int w, DataType type) {
        if (h == gridHeight && w == gridWidth) {
            return null;
        }
        return resize.computeIfAbsent(List.of(h, w, type),
                k -> Detached.create(() -> PositionInterpolation.matrix(gridHeight, gridWidth, h, w, type)));
    }
}
