package org.hvs.core.train;

import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Gradient norm clipping, in place on a DL4J {@link Gradient} (between {@code backpropGradient} and
 * the updater).
 *
 * <ul>
 *   <li>{@link #clipPerLayer}: DINO's {@code clip_gradients} (facebookresearch/dino {@code utils.py}):
 *       for each parameter tensor separately, {@code coef = maxNorm / (||g|| + 1e-6)}, and when
 *       {@code coef < 1} the tensor is multiplied by it.</li>
 *   <li>{@link #clipGlobal}: PyTorch's {@code clip_grad_norm_}: the norm over ALL tensors together,
 *       {@code coef = maxNorm / (total + 1e-6)}, every tensor multiplied by it when {@code coef < 1}.</li>
 * </ul>
 * The per-tensor arrays of a DL4J gradient are views of its flat gradient, so both change
 * {@code gradient.gradient()} too.
 *
 * <pre>{@code
 * Gradient g = graph.backpropGradient(eps);
 * GradientClipping.clipPerLayer(g, 3.0);   // DINO's default clip_grad = 3.0
 * }</pre>
 */
public final class GradientClipping {
    /** The epsilon both PyTorch references add to the norm. */
    public static final double EPS = 1e-6;

    private GradientClipping() {
    }

    /**
     * Clips each parameter tensor to L2 norm {@code maxNorm}.
     *
     * @return each tensor's norm BEFORE clipping, by variable name in the gradient's order (DINO logs these)
     */
    public static Map<String, Double> clipPerLayer(Gradient gradient, double maxNorm) {
        Objects.requireNonNull(gradient, "gradient");
        requireMaxNorm(maxNorm);
        Map<String, Double> norms = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : gradient.gradientForVariable().entrySet()) {
            INDArray g = e.getValue();
            double norm = g.norm2Number().doubleValue();
            norms.put(e.getKey(), norm);
            double coef = maxNorm / (norm + EPS);
            if (coef < 1) {
                g.muli(coef);
            }
        }
        return norms;
    }

    /**
     * Clips all tensors together to global L2 norm {@code maxNorm}.
     *
     * @return the global norm BEFORE clipping
     */
    public static double clipGlobal(Gradient gradient, double maxNorm) {
        Objects.requireNonNull(gradient, "gradient");
        requireMaxNorm(maxNorm);
        double sumSq = 0;
        for (INDArray g : gradient.gradientForVariable().values()) {
            double n = g.norm2Number().doubleValue();
            sumSq += n * n;
        }
        double total = Math.sqrt(sumSq);
        double coef = maxNorm / (total + EPS);
        if (coef < 1) {
            for (INDArray g : gradient.gradientForVariable().values()) {
                g.muli(coef);
            }
        }
        return total;
    }

    private static void requireMaxNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be > 0 and finite, got " + maxNorm);
        }
    }
}
