package org.hvs.ssl.backbone.vit;

import org.hvs.ssl.nn.SameDiffOps;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The ND4J array arithmetic of the ViT's hand-written layers ({@link org.hvs.ssl.nn.ManualLayer}):
 * token layout changes, layer normalisation, GELU and linear maps, each with its backward pass.
 * Token rows are {@code [B*N, D]}, c order, row {@code b*N + n} the token n of image b.
 */
final class TokenMath {
    private TokenMath() {
    }

    /** DL4J recurrent {@code [B, D, N]} as token rows {@code [B*N, D]} (a c-order copy). */
    static INDArray rows(INDArray x) {
        return x.permute(0, 2, 1).dup('c').reshape('c', x.size(0) * x.size(2), x.size(1));
    }

    /** Token rows {@code [B*N, D]} back as DL4J recurrent {@code [B, D, N]} (a c-order copy). */
    static INDArray sequence(INDArray rows, long b, long n) {
        return rows.reshape('c', b, n, rows.size(1)).permute(0, 2, 1).dup('c');
    }

    /** The normalised rows and their inverse standard deviations, what the backward pass needs. */
    record Norm(INDArray xhat, INDArray rstd) {
    }

    /** Layer normalisation over the columns of {@code x [M, D]}: x-hat and 1/sqrt(var + eps), both per row. */
    static Norm normalise(INDArray x, double eps) {
        INDArray centred = x.subColumnVector(x.mean(true, 1));
        INDArray var = centred.mul(centred).mean(true, 1);
        INDArray rstd = Transforms.pow(var.addi(eps), -0.5, false);
        return new Norm(centred.muliColumnVector(rstd), rstd);
    }

    /** {@code xhat * gamma + beta}, gamma and beta {@code [1, D]}. */
    static INDArray affine(INDArray xhat, INDArray gamma, INDArray beta) {
        return xhat.mulRowVector(gamma).addiRowVector(beta);
    }

    /**
     * Backward of {@code y = affine(normalise(x))}: writes dL/d gamma and dL/d beta, returns dL/dx
     * {@code = rstd (g - mean(g) - xhat mean(g xhat))} with {@code g = dy * gamma}.
     */
    static INDArray normBackward(Norm n, INDArray dy, INDArray gamma, INDArray dGamma, INDArray dBeta) {
        dGamma.assign(dy.mul(n.xhat()).sum(true, 0));
        dBeta.assign(dy.sum(true, 0));
        INDArray g = dy.mulRowVector(gamma);
        INDArray m1 = g.mean(true, 1);
        INDArray m2 = g.mul(n.xhat()).mean(true, 1);
        return g.subiColumnVector(m1).subi(n.xhat().mulColumnVector(m2)).muliColumnVector(n.rstd());
    }

    /** {@code x W + b}, {@code x [M, in]}, {@code W [in, out]}, {@code b [1, out]}. */
    static INDArray linear(INDArray x, INDArray w, INDArray b) {
        return x.mmul(w).addiRowVector(b);
    }

    /** Backward of {@link #linear}: writes dL/dW {@code = x^T dy} and dL/db, returns dL/dx {@code = dy W^T}. */
    static INDArray linearBackward(INDArray x, INDArray w, INDArray dy, INDArray dW, INDArray dB) {
        dW.assign(Nd4j.matmul(x, dy, true, false, false));
        dB.assign(dy.sum(true, 0));
        return Nd4j.matmul(dy, w, false, true, false);
    }

    /** tanh(sqrt(2/pi) (x + 0.044715 x^3)), the inner value GELU and its derivative share. */
    static INDArray geluTanh(INDArray x) {
        return Transforms.tanh(x.mul(x).muli(x).muli(0.044715).addi(x).muli(SameDiffOps.GELU_C), false);
    }

    /** GELU (tanh approximation, as {@link SameDiffOps#gelu}) from x and {@link #geluTanh}: {@code 0.5 x (1 + t)}. */
    static INDArray gelu(INDArray x, INDArray t) {
        return t.add(1.0).muli(x).muli(0.5);
    }

    /** dL/dx of GELU: {@code dy (0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 0.044715 x^2))}. */
    static INDArray geluBackward(INDArray x, INDArray t, INDArray dy) {
        INDArray inner = x.mul(x).muli(3 * 0.044715).addi(1.0).muli(SameDiffOps.GELU_C);   // c (1 + 3a x^2)
        INDArray d = t.mul(t).rsubi(1.0).muli(x).muli(inner).addi(t).addi(1.0).muli(0.5);   // 0.5(1+t) + 0.5x(1-t^2)c(..)
        return d.muli(dy);
    }
}
