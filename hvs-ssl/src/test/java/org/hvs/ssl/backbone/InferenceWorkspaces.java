package org.hvs.ssl.backbone;

import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hvs.core.train.GraphTraining;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that {@link GraphTraining#inference}, which runs inside DL4J's workspaces, computes what a
 * plain forward without workspaces computes, and leaves the graph ready to train (tests only).
 */
public final class InferenceWorkspaces {

    private InferenceWorkspaces() {
    }

    /**
     * In train and test mode, twice each (the second call reuses the workspaces' memory): the outputs
     * equal {@code output()} of a copy of the graph without workspaces and are detached; then the
     * workspace modes are NONE again, the parameters unchanged, and a training step lands where the
     * copy's lands (M2.1's backward pass reads the inference workspace mode).
     */
    public static void assertMatchesPlainForward(ComputationGraph graph, INDArray... inputs) {
        assertEquals(WorkspaceMode.NONE, graph.getConfiguration().getInferenceWorkspaceMode(), "test setup");
        ComputationGraph plain = graph.clone();
        for (boolean train : new boolean[] {true, false}) {
            INDArray[] expected = plain.clone().output(train, inputs);
            for (int call = 0; call < 2; call++) {
                INDArray[] out = GraphTraining.inference(graph, inputs, train);
                assertEquals(expected.length, out.length);
                for (int i = 0; i < out.length; i++) {
                    String what = "output " + i + ", train " + train + ", call " + call;
                    assertFalse(out[i].isAttached(), what + " must be detached from the workspaces");
                    assertClose(expected[i], out[i], what);
                }
            }
        }
        assertEquals(WorkspaceMode.NONE, graph.getConfiguration().getInferenceWorkspaceMode());
        assertEquals(WorkspaceMode.NONE, graph.getConfiguration().getTrainingWorkspaceMode());
        assertEquals(plain.params(), graph.params(), "inference must not move the parameters");
        for (ComputationGraph g : new ComputationGraph[] {graph, plain}) {
            INDArray[] out = GraphTraining.forward(g, inputs);
            INDArray[] eps = new INDArray[out.length];
            for (int i = 0; i < out.length; i++) {
                eps[i] = out[i].mul(0.1);
            }
            GraphTraining.backwardAndUpdate(g, eps, 0, 0, 1e-2);
        }
        assertClose(plain.params(), graph.params(), "parameters after a training step");
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double scale = Math.max(1e-6, expected.norm2Number().doubleValue());
        double diff = expected.sub(actual).norm2Number().doubleValue();
        assertTrue(diff <= 1e-5 * scale, what + ": |diff| " + diff + " vs |expected| " + scale);
    }
}
