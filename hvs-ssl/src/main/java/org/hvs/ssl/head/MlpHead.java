package org.hvs.ssl.head;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * Multi-layer perceptron heads (projectors, predictors) appended to a graph: each hidden layer is
 * Linear -> BatchNorm -> ReLU; the last layer is Linear, optionally followed by BatchNorm (SimSiam's
 * projector ends with a BN without affine parameters).
 *
 * <pre>{@code
 * String z = MlpHead.add(graphBuilder, "proj", "features", 128, new int[] {256}, 256, LastNorm.FIXED_BN);
 * }</pre>
 */
public final class MlpHead {
    private MlpHead() {
    }

    /** What follows the last linear layer. */
    public enum LastNorm {
        /** nothing: plain linear output */
        NONE,
        /** batch norm with learned scale and shift */
        BN,
        /** batch norm without affine parameters (SimSiam projector) */
        FIXED_BN
    }

    /**
     * Adds the head and returns the name of its output vertex ({@code prefix} itself).
     *
     * @param input  name of the vertex the head reads
     * @param nIn    size of that vertex's output
     * @param hidden sizes of the hidden layers (may be empty)
     * @param out    output size
     */
    public static String add(TransferLearning.GraphBuilder g, String prefix, String input, long nIn, int[] hidden,
                             int out, LastNorm lastNorm) {
        if (out <= 0) {
            throw new IllegalArgumentException(prefix + " output size must be > 0, got " + out);
        }
        String prev = input;
        long prevDim = nIn;
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] <= 0) {
                throw new IllegalArgumentException(prefix + " hidden size must be > 0, got " + hidden[i]);
            }
            String lin = prefix + "_fc" + i;
            g.addLayer(lin, new DenseLayer.Builder().nIn(prevDim).nOut(hidden[i]).hasBias(false)
                    .weightInit(WeightInit.RELU).activation(Activation.IDENTITY).build(), prev);
            String bn = prefix + "_bn" + i;
            // DL4J 1.0.0-M2.1's BatchNormalization ignores its activation: the ReLU is a layer of its own
            g.addLayer(bn, new BatchNormalization.Builder().nOut(hidden[i]).activation(Activation.IDENTITY).build(), lin);
            String relu = prefix + "_relu" + i;
            g.addLayer(relu, new ActivationLayer.Builder().activation(Activation.RELU).build(), bn);
            prev = relu;
            prevDim = hidden[i];
        }
        String last = lastNorm == LastNorm.NONE ? prefix : prefix + "_fc" + hidden.length;
        g.addLayer(last, new DenseLayer.Builder().nIn(prevDim).nOut(out).hasBias(lastNorm == LastNorm.NONE)
                .weightInit(WeightInit.XAVIER).activation(Activation.IDENTITY).build(), prev);
        if (lastNorm != LastNorm.NONE) {
            BatchNormalization.Builder bn = new BatchNormalization.Builder().nOut(out).activation(Activation.IDENTITY);
            if (lastNorm == LastNorm.FIXED_BN) {
                bn.lockGammaBeta(true).gamma(1.0).beta(0.0);
            }
            g.addLayer(prefix, bn.build(), last);
        }
        return prefix;
    }
}
