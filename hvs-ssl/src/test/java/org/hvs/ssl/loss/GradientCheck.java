package org.hvs.ssl.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Central finite differences for the loss tests (double precision only). */
final class GradientCheck {

    static final double EPS = 1e-6;
    static final double MAX_RELATIVE_ERROR = 1e-5;

    private GradientCheck() {
    }

    /**
     * Asserts that {@code analytic} matches the central-difference gradient of {@code loss} with
     * respect to {@code x} (perturbed in place and restored), entry by entry.
     */
    static void assertGradient(String name, INDArray x, INDArray analytic, ToDoubleFunction<INDArray> loss) {
        assertEquals(DataType.DOUBLE, x.dataType(), "gradient checks run in double");
        assertEquals(DataType.DOUBLE, analytic.dataType(), name + " gradient dtype");
        assertTrue(java.util.Arrays.equals(x.shape(), analytic.shape()), name + " gradient shape");
        double worst = 0;
        double largest = 0;
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < x.columns(); c++) {
                double orig = x.getDouble(r, c);
                x.putScalar(r, c, orig + EPS);
                double plus = loss.applyAsDouble(x);
                x.putScalar(r, c, orig - EPS);
                double minus = loss.applyAsDouble(x);
                x.putScalar(r, c, orig);
                double numeric = (plus - minus) / (2 * EPS);
                double a = analytic.getDouble(r, c);
                double denom = Math.max(Math.max(Math.abs(a), Math.abs(numeric)), 1e-8);
                worst = Math.max(worst, Math.abs(a - numeric) / denom);
                largest = Math.max(largest, Math.abs(a));
            }
        }
        assertTrue(worst < MAX_RELATIVE_ERROR, name + ": worst relative error " + worst);
        assertTrue(largest > 1e-4, name + ": gradient is (nearly) zero, the check would be vacuous");
    }
}
