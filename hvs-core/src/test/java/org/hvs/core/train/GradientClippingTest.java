package org.hvs.core.train;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientClippingTest {

    /** A flat gradient [3, 4 | 0, 0.3, 0.4] with views "a" (norm 5) and "b" (norm 0.5), as DL4J lays it out. */
    private static Gradient gradient(double... values) {
        INDArray flat = Nd4j.createFromArray(values).reshape(1, values.length);
        Gradient g = new DefaultGradient(flat);
        g.setGradientFor("a", flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 2)));
        g.setGradientFor("b", flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(2, values.length)));
        return g;
    }

    @Test
    void perLayerClipsOnlyTheTensorsAboveTheLimit() {
        Gradient g = gradient(3, 4, 0, 0.3, 0.4);
        Map<String, Double> norms = GradientClipping.clipPerLayer(g, 1.0);
        assertEquals(List.of("a", "b"), List.copyOf(norms.keySet()));
        assertEquals(5.0, norms.get("a"), 1e-12);
        assertEquals(0.5, norms.get("b"), 1e-12);
        double coef = 1.0 / (5.0 + 1e-6);
        assertArrayEquals(new double[] {3 * coef, 4 * coef}, g.getGradientFor("a").toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0, 0.3, 0.4}, g.getGradientFor("b").toDoubleVector(), 1e-12,
                "below the limit: untouched");
        assertArrayEquals(new double[] {3 * coef, 4 * coef, 0, 0.3, 0.4}, g.gradient().toDoubleVector(), 1e-12,
                "the flat gradient the updater reads is clipped too");
        assertEquals(1.0, g.getGradientFor("a").norm2Number().doubleValue(), 1e-6);
    }

    @Test
    void globalScalesEverythingByOneFactor() {
        Gradient g = gradient(3, 4, 0, 0, 12);
        double total = GradientClipping.clipGlobal(g, 6.5);
        assertEquals(13.0, total, 1e-12);
        double coef = 6.5 / (13.0 + 1e-6);
        assertArrayEquals(new double[] {3 * coef, 4 * coef, 0, 0, 12 * coef}, g.gradient().toDoubleVector(), 1e-12);
        assertEquals(6.5, g.gradient().norm2Number().doubleValue(), 1e-5);
    }

    @Test
    void globalLeavesSmallGradientsAlone() {
        Gradient g = gradient(3, 4, 0, 0, 12);
        assertEquals(13.0, GradientClipping.clipGlobal(g, 100), 1e-12);
        assertArrayEquals(new double[] {3, 4, 0, 0, 12}, g.gradient().toDoubleVector(), 0);
    }

    @Test
    void validation() {
        Gradient g = gradient(1, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipPerLayer(g, 0));
        assertTrue(e.getMessage().contains("maxNorm must be > 0 and finite, got 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGlobal(g, Double.NaN));
        assertTrue(e.getMessage().contains("got NaN"), e.getMessage());
        assertThrows(NullPointerException.class, () -> GradientClipping.clipGlobal(null, 1));
    }
}
