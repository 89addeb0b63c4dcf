package org.hvs.ssl.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Transformer building blocks written from primitive SameDiff ops, each covered by a
 * finite-difference gradient check ({@code SameDiffOpsTest}, the ViT tests).
 *
 * <p>Why primitives: in ND4J 1.0.0-M2.1 the derivative of the built-in "precise" GELU disagrees
 * with its forward pass (relative errors up to 1e-2), and the fused layer-norm op is not needed for
 * speed at these sizes. Tanh, mean, mul and friends have correct derivatives.
 *
 * <pre>{@code
 * SDVariable h = SameDiffOps.gelu(sd, SameDiffOps.linear(x, w1, b1));
 * SDVariable y = SameDiffOps.layerNorm(sd, h, gamma, beta, 1, 1e-6);
 * }</pre>
 */
public final class SameDiffOps {
    /** sqrt(2 / pi), the tanh approximation's constant. */
    public static final double GELU_C = Math.sqrt(2.0 / Math.PI);

    private SameDiffOps() {
    }

    /**
     * GELU in its tanh approximation (Hendrycks and Gimpel 2016; PyTorch's
     * {@code gelu(approximate='tanh')}): {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
     * Within 1e-3 of the exact erf form that {@code nn.GELU} uses.
     */
    public static SDVariable gelu(SameDiff sd, SDVariable x) {
        SDVariable inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(GELU_C);
        return x.mul(sd.math().tanh(inner).add(1.0)).mul(0.5);
    }

    /** {@code x W + b} for {@code x [M, in]}, {@code W [in, out]}, {@code b [1, out]}. */
    public static SDVariable linear(SDVariable x, SDVariable w, SDVariable b) {
        return x.mmul(w).add(b);
    }

    /**
     * Layer normalisation (Ba et al. 2016) over dimension {@code dim}:
     * {@code (x - mean) / sqrt(var + eps) * gamma + beta}, the biased variance as {@code nn.LayerNorm};
     * {@code gamma} and {@code beta} broadcast against {@code x}.
     */
    public static SDVariable layerNorm(SameDiff sd, SDVariable x, SDVariable gamma, SDVariable beta, int dim,
                                       double eps) {
        SDVariable centred = x.sub(x.mean(true, dim));
        SDVariable var = centred.mul(centred).mean(true, dim);
        return centred.div(sd.math().sqrt(var.add(eps))).mul(gamma).add(beta);
    }
}
