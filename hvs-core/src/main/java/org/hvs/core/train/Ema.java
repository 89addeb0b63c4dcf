package org.hvs.core.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Objects;

/**
 * Exponential moving average of network parameters: the momentum teacher of DINO / iBOT / BYOL
 * (Caron et al. 2021, {@code main_dino.py}: {@code param_k.mul_(m).add_((1 - m) * param_q)}):
 *
 * <pre>
 *   teacher <- m * teacher + (1 - m) * student        on the flat parameter arrays
 * </pre>
 *
 * <p>DL4J keeps all parameters of a graph in one flat array, so the update is two in-place
 * operations on {@code params()}. The teacher must be a deep copy of the student
 * ({@link #copyOf}), never the same object: shared weights collapse DINO. Only parameters are
 * averaged; batch-norm running statistics are parameters in DL4J, so they are averaged too.
 *
 * <pre>{@code
 * ComputationGraph teacher = Ema.copyOf(student);
 * // after each student step, with m from a cosine schedule 0.996 -> 1:
 * Ema.update(teacher, student, m);
 * }</pre>
 */
public final class Ema {
    private Ema() {
    }

    /**
     * {@code teacher <- m * teacher + (1 - m) * student}, in place on the teacher's parameters.
     *
     * @param momentum m in [0, 1]: 1 leaves the teacher unchanged, 0 copies the student
     * @throws IllegalArgumentException when the graphs differ in parameter count or are the same object
     */
    public static void update(ComputationGraph teacher, ComputationGraph student, double momentum) {
        Objects.requireNonNull(teacher, "teacher");
        Objects.requireNonNull(student, "student");
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("EMA momentum must be in [0, 1], got " + momentum);
        }
        if (teacher == student) {
            throw new IllegalArgumentException("teacher and student are the same graph; the teacher must be a copy "
                    + "(Ema.copyOf)");
        }
        long nt = teacher.numParams();
        long ns = student.numParams();
        if (nt != ns) {
            throw new IllegalArgumentException("teacher and student must have the same architecture: teacher has "
                    + nt + " parameters, student has " + ns);
        }
        INDArray tp = teacher.params();
        INDArray sp = student.params();
        if (tp == sp) {
            throw new IllegalArgumentException("teacher and student share one parameter array; the teacher must be "
                    + "a copy (Ema.copyOf)");
        }
        tp.muli(momentum).addi(sp.castTo(tp.dataType()).mul(1 - momentum));
    }

    /**
     * A deep copy of a graph (configuration, parameters, updater state) that shares no parameter
     * buffer with the source: what the teacher starts from.
     */
    public static ComputationGraph copyOf(ComputationGraph graph) {
        Objects.requireNonNull(graph, "graph");
        ComputationGraph copy = graph.clone();
        if (copy.params() == graph.params() || (copy.numParams() > 0
                && copy.params().data().address() == graph.params().data().address())) {
            // defensive: DL4J's clone() duplicates the parameters; never return a view of the source
            copy.setParams(graph.params().dup());
        }
        return copy;
    }
}
