package org.hvs.ssl.backbone.vit;

import org.hvs.ssl.nn.ManualLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

import static org.hvs.ssl.backbone.vit.TransformerBlock.*;

/**
 * The forward and backward pass of a {@link TransformerBlock} in ND4J array ops: batched matrix
 * products for the attention ({@code [B*h, N, d]} per head), row-wise softmax, and the layer norms,
 * linear maps and GELU of {@link TokenMath}. The backward pass is the chain rule through the same
 * steps; the softmax's is {@code dS = A (dA - rowsum(dA A))}.
 */
final class BlockPass implements ManualLayer {
    private final int dim;
    private final int heads;

    BlockPass(int dim, int heads) {
        this.dim = dim;
        this.heads = heads;
    }

    /** Everything the backward pass reads, from one forward pass. */
    private record Cache(long b, long n, TokenMath.Norm n1, INDArray h1, INDArray q, INDArray k,
                         INDArray v, INDArray attn, INDArray o, TokenMath.Norm n2, INDArray h2, INDArray f1,
                         INDArray t, INDArray g) {
    }

    @Override
    public Forward forward(INDArray input, Map<String, INDArray> p, boolean forBackward) {
        if (input.rank() != 3 || input.size(1) != dim) {
            throw new IllegalArgumentException("TransformerBlock dim " + dim + " expects [B, " + dim + ", N], got "
                    + java.util.Arrays.toString(input.shape()));
        }
        long b = input.size(0);
        long n = input.size(2);
        int hd = dim / heads;
        INDArray x0 = TokenMath.rows(input);                                                 // [M, D]
        TokenMath.Norm n1 = TokenMath.normalise(x0, LN_EPS);
        INDArray h1 = TokenMath.affine(n1.xhat(), p.get(NORM1_GAMMA), p.get(NORM1_BETA));
        INDArray qkv = TokenMath.linear(h1, p.get(QKV_W), p.get(QKV_BIAS));                  // [M, 3D]
        INDArray q = split(qkv, 0, b, n, hd);                                                // [B*h, N, d]
        INDArray k = split(qkv, 1, b, n, hd);
        INDArray v = split(qkv, 2, b, n, hd);
        INDArray scores = Nd4j.matmul(q, k, false, true, false).muli(1.0 / Math.sqrt(hd));   // [B*h, N, N]
        INDArray attn = Transforms.softmax(scores.reshape('c', b * heads * n, n), false).reshape('c', b * heads, n, n);
        INDArray o = merge(Nd4j.matmul(attn, v), b, n, hd);                                 // [M, D]
        INDArray x1 = TokenMath.linear(o, p.get(PROJ_W), p.get(PROJ_BIAS)).addi(x0);
        TokenMath.Norm n2 = TokenMath.normalise(x1, LN_EPS);
        INDArray h2 = TokenMath.affine(n2.xhat(), p.get(NORM2_GAMMA), p.get(NORM2_BETA));
        INDArray f1 = TokenMath.linear(h2, p.get(FC1_W), p.get(FC1_BIAS));                   // [M, hidden]
        INDArray t = TokenMath.geluTanh(f1);
        INDArray g = TokenMath.gelu(f1, t);
        INDArray x2 = TokenMath.linear(g, p.get(FC2_W), p.get(FC2_BIAS)).addi(x1);
        INDArray out = TokenMath.sequence(x2, b, n);
        return new Forward(out, forBackward ? new Cache(b, n, n1, h1, q, k, v, attn, o, n2, h2, f1, t, g) : null);
    }

    @Override
    public INDArray backward(Object cache, INDArray epsilon, Map<String, INDArray> p, Map<String, INDArray> grads) {
        Cache c = (Cache) cache;
        int hd = dim / heads;
        INDArray dx2 = TokenMath.rows(epsilon);                                              // [M, D]
        // MLP branch
        INDArray dg = TokenMath.linearBackward(c.g(), p.get(FC2_W), dx2, grads.get(FC2_W), grads.get(FC2_BIAS));
        INDArray df1 = TokenMath.geluBackward(c.f1(), c.t(), dg);
        INDArray dh2 = TokenMath.linearBackward(c.h2(), p.get(FC1_W), df1, grads.get(FC1_W), grads.get(FC1_BIAS));
        INDArray dx1 = TokenMath.normBackward(c.n2(), dh2, p.get(NORM2_GAMMA), grads.get(NORM2_GAMMA),
                grads.get(NORM2_BETA)).addi(dx2);
        // attention branch
        INDArray dO = TokenMath.linearBackward(c.o(), p.get(PROJ_W), dx1, grads.get(PROJ_W), grads.get(PROJ_BIAS));
        INDArray dOh = split(dO, 0, c.b(), c.n(), hd, dim);                                  // [B*h, N, d]
        INDArray dAttn = Nd4j.matmul(dOh, c.v(), false, true, false);                        // [B*h, N, N]
        INDArray dv = Nd4j.matmul(c.attn(), dOh, true, false, false);
        long rowsN = c.b() * heads * c.n();
        INDArray a2 = c.attn().reshape('c', rowsN, c.n());
        INDArray da2 = dAttn.reshape('c', rowsN, c.n());
        INDArray dScores = da2.subColumnVector(da2.mul(a2).sum(true, 1)).muli(a2).muli(1.0 / Math.sqrt(hd))
                .reshape('c', c.b() * heads, c.n(), c.n());
        INDArray dq = Nd4j.matmul(dScores, c.k());
        INDArray dk = Nd4j.matmul(dScores, c.q(), true, false, false);
        INDArray dqkv = Nd4j.concat(1, merge(dq, c.b(), c.n(), hd), merge(dk, c.b(), c.n(), hd),
                merge(dv, c.b(), c.n(), hd));                                                // [M, 3D]
        INDArray dh1 = TokenMath.linearBackward(c.h1(), p.get(QKV_W), dqkv, grads.get(QKV_W), grads.get(QKV_BIAS));
        INDArray dx0 = TokenMath.normBackward(c.n1(), dh1, p.get(NORM1_GAMMA), grads.get(NORM1_GAMMA),
                grads.get(NORM1_BETA)).addi(dx1);
        return TokenMath.sequence(dx0, c.b(), c.n());
    }

    /** Part {@code part} (q 0, k 1, v 2) of {@code qkv [M, 3D]} as per-head {@code [B*h, N, d]}. */
    private INDArray split(INDArray qkv, int part, long b, long n, int hd) {
        return split(qkv, part, b, n, hd, 3 * dim);
    }

    /** Columns {@code [part*D, (part+1)*D)} of {@code rows [M, width]} as per-head {@code [B*h, N, d]}. */
    private INDArray split(INDArray rows, int part, long b, long n, int hd, int width) {
        INDArray cols = width == dim ? rows : rows.get(NDArrayIndex.all(), NDArrayIndex.interval((long) part * dim,
                (long) (part + 1) * dim));
        return cols.dup('c').reshape('c', b, n, heads, hd).permute(0, 2, 1, 3).dup('c').reshape('c', b * heads, n, hd);
    }

    /** Per-head {@code [B*h, N, d]} back as token rows {@code [M, D]} (heads concatenated, head-major). */
    private INDArray merge(INDArray perHead, long b, long n, int hd) {
        return perHead.reshape('c', b, heads, n, hd).permute(0, 2, 1, 3).dup('c').reshape('c', b * n, dim);
    }
}
