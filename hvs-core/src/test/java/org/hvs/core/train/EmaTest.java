package org.hvs.core.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hvs.core.testing.TinyNets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmaTest {

    @Test
    void updateByHand() {
        ComputationGraph student = TinyNets.convBackbone(1, 5, 2, 1);
        ComputationGraph teacher = Ema.copyOf(student);
        long n = student.numParams();
        INDArray t = Nd4j.linspace(1, n, n, teacher.params().dataType()).reshape(teacher.params().shape());
        INDArray s = Nd4j.ones(student.params().dataType(), student.params().shape()).muli(10);
        teacher.params().assign(t);
        student.params().assign(s);
        Ema.update(teacher, student, 0.9);
        for (int i = 0; i < n; i++) {
            double expected = 0.9 * (i + 1) + 0.1 * 10;
            assertEquals(expected, teacher.params().getDouble(i), 1e-4, "param " + i);
        }
        assertEquals(10.0, student.params().getDouble(0), 0, "the student is not modified");
        Ema.update(teacher, student, 1.0);
        assertEquals(0.9 + 1.0, teacher.params().getDouble(0), 1e-5, "m = 1 leaves the teacher as it is");
        Ema.update(teacher, student, 0.0);
        assertArrayEquals(s.toDoubleVector(), teacher.params().toDoubleVector(), 0, "m = 0 copies the student");
    }

    @Test
    void copyIsDeepAndEqual() {
        ComputationGraph student = TinyNets.convBackbone(1, 5, 2, 2);
        ComputationGraph copy = Ema.copyOf(student);
        assertNotSame(student, copy);
        assertNotSame(student.params(), copy.params());
        INDArray before = copy.params().dup();
        assertArrayEquals(student.params().toDoubleVector(), before.toDoubleVector(), 0);
        student.params().addi(1.0);
        assertArrayEquals(before.toDoubleVector(), copy.params().toDoubleVector(), 0,
                "changing the student leaves the copy unchanged");
        INDArray x = Nd4j.rand(student.params().dataType(), 2, 1, 5, 5);
        student.params().subi(1.0);
        assertTrue(student.outputSingle(false, x).equalsWithEps(copy.outputSingle(false, x), 1e-6),
                "same function after the round trip");
    }

    @Test
    void validation() {
        ComputationGraph a = TinyNets.convBackbone(1, 5, 2, 1);
        ComputationGraph b = TinyNets.convBackbone(1, 5, 3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ema.update(a, b, 0.9));
        assertTrue(e.getMessage().contains("teacher has " + a.numParams() + " parameters, student has "
                + b.numParams()), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ema.update(a, Ema.copyOf(a), 1.5));
        assertTrue(e.getMessage().contains("EMA momentum must be in [0, 1], got 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ema.update(a, a, 0.9));
        assertTrue(e.getMessage().contains("same graph"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Ema.update(null, a, 0.9));
        assertThrows(NullPointerException.class, () -> Ema.copyOf(null));
    }
}
