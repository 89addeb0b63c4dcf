package org.hvs.ssl.backbone;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/** The external-error training path of the methods, on a mean-squared-error target (tests only). */
final class ExternalErrors {

    private ExternalErrors() {
    }

    /**
     * Runs {@code steps} steps of MSE regression of the features onto {@code target} and returns
     * the loss before each step. The error passed to DL4J is the gradient of the per-sample SUM
     * loss; the updater divides it by the batch size (mini-batch mode).
     */
    static double[] train(ComputationGraph graph, INDArray x, INDArray target, int steps) {
        int batch = (int) x.size(0);
        double[] losses = new double[steps];
        for (int iter = 0; iter < steps; iter++) {
            Map<String, INDArray> acts = graph.feedForward(new INDArray[]{x}, true, false);
            INDArray diff = acts.get(BackbonePreset.FEATURES).sub(target);
            losses[iter] = diff.mul(diff).meanNumber().doubleValue();
            INDArray dLdOut = diff.mul(2.0 / target.size(1));
            Gradient g = graph.backpropGradient(dLdOut);
            graph.getUpdater().update(g, iter, 0, batch, LayerWorkspaceMgr.noWorkspaces());
            graph.params().subi(g.gradient());
        }
        return losses;
    }
}
