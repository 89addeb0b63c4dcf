package org.hvs.ssl.backbone.fast;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central finite differences, in double precision, of L = sum(features * R) through the fast layers
 * in train mode (batch statistics), against their analytic gradients.
 */
class FastLayersGradientCheckTest {

    private static final double H = 1e-6;

    private static double loss(ComputationGraph graph, INDArray x, INDArray r) {
        INDArray out = graph.feedForward(new INDArray[]{x}, true, false).get("features");
        return out.mul(r).sumNumber().doubleValue();
    }

    @Test
    void analyticGradientsMatchFiniteDifferences() {
        ComputationGraph graph = TinyGraphs.build(true, DataType.DOUBLE, 2, 6, 5);
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 2, 6, 6);
        INDArray r = Nd4j.randn(DataType.DOUBLE, 3, 6);
        graph.params().addi(Nd4j.randn(DataType.DOUBLE, graph.params().shape()).muli(0.1)); // gamma != 1, beta != 0
        graph.feedForward(new INDArray[]{x}, true, false);
        Gradient g = graph.backpropGradient(r);
        Random pick = new Random(3);
        int checked = 0;
        for (String key : graph.paramTable().keySet()) {
            if (key.endsWith("_mean") || key.endsWith("_log10stdev")) {
                continue; // running statistics: not gradients of L
            }
            INDArray p = graph.getParam(key);
            INDArray analytic = g.getGradientFor(key).dup();
            for (int k = 0; k < 4; k++) {
                long i = pick.nextInt((int) p.length());
                double orig = p.getDouble(i);
                p.putScalar(i, orig + H);
                double up = loss(graph, x, r);
                p.putScalar(i, orig - H);
                double down = loss(graph, x, r);
                p.putScalar(i, orig);
                double numeric = (up - down) / (2 * H);
                double a = analytic.getDouble(i);
                double err = Math.abs(numeric - a) / Math.max(1e-6, Math.abs(numeric) + Math.abs(a));
                assertTrue(err < 1e-5 || Math.abs(numeric - a) < 1e-8,
                        key + "[" + i + "]: analytic " + a + ", numeric " + numeric);
                checked++;
            }
        }
        assertTrue(checked >= 40, "checked " + checked);
    }
}
