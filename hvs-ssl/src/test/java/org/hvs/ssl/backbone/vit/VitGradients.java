package org.hvs.ssl.backbone.vit;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference check of the external-error path the trainer uses: the gradient DL4J returns for
 * an error {@code eps} on every output must be the gradient of {@code sum_k sum(eps_k * out_k)} with
 * respect to every parameter (double precision, central differences). Tests only.
 */
final class VitGradients {
    static final double H = 1e-6;

    private VitGradients() {
    }

    /**
     * Checks {@code perKey} entries (evenly spaced, first and last included) of every parameter array,
     * so every parameter key is covered while the number of forwards stays small (SameDiff layers cost
     * about a millisecond per op on this machine, whatever the size); returns the largest absolute
     * analytic gradient seen.
     */
    static double check(ComputationGraph net, INDArray[] inputs, INDArray[] eps, int perKey) {
        return check(net, inputs, eps, perKey, false);
    }

    /**
     * As {@link #check(ComputationGraph, INDArray[], INDArray[], int)}; with {@code trainMode} the
     * value is taken in training mode too (batch norm on batch statistics, as its gradient is) and the
     * batch-norm running statistics, whose "gradients" are DL4J's update rule, are skipped.
     */
    static double check(ComputationGraph net, INDArray[] inputs, INDArray[] eps, int perKey, boolean trainMode) {
        assertEquals(DataType.DOUBLE, net.params().dataType(), "gradient checks run in double");
        net.feedForward(inputs, true, false);
        INDArray analytic = net.backpropGradient(eps).gradient().dup();
        INDArray params = net.params();
        assertEquals(params.length(), analytic.length());
        double largest = 0;
        long offset = 0;
        for (var e : net.paramTable().entrySet()) {
            long n = e.getValue().length();
            if (trainMode && (e.getKey().endsWith("_mean") || e.getKey().endsWith("_log10stdev"))) {
                offset += n;
                continue;
            }
            java.util.TreeSet<Long> picks = new java.util.TreeSet<>();
            for (int k = 0; k < perKey; k++) {
                picks.add(perKey == 1 ? 0 : Math.round(k * (n - 1) / (double) (perKey - 1)));
            }
            for (long j : picks) {
                long i = offset + j;
                double orig = params.getDouble(i);
                params.putScalar(i, orig + H);
                double plus = value(net, inputs, eps, trainMode);
                params.putScalar(i, orig - H);
                double minus = value(net, inputs, eps, trainMode);
                params.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * H);
                double a = analytic.getDouble(i);
                assertEquals(numeric, a, 1e-7 + 1e-5 * Math.abs(numeric), e.getKey() + "[" + j + "]");
                largest = Math.max(largest, Math.abs(a));
            }
            offset += n;
        }
        assertTrue(largest > 1e-3, "gradient is (nearly) zero, the check would be vacuous: " + largest);
        return largest;
    }

    /** {@code sum_k sum(eps_k * out_k)} in inference mode. */
    static double value(ComputationGraph net, INDArray[] inputs, INDArray[] eps) {
        return value(net, inputs, eps, false);
    }

    static double value(ComputationGraph net, INDArray[] inputs, INDArray[] eps, boolean trainMode) {
        INDArray[] out = net.output(trainMode, inputs);
        double v = 0;
        for (int k = 0; k < out.length; k++) {
            v += out[k].mul(eps[k]).sumNumber().doubleValue();
        }
        return v;
    }
}
