package org.hvs.ssl.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime layer behind every {@link ExactSameDiffLayer}: DL4J's SameDiff layer implementation
 * with two DL4J 1.0.0-M2.1 workarounds.
 *
 * <ol>
 *   <li><b>Doubled gradients.</b> DL4J's implementation backpropagates TWICE the external error:
 *   every gradient a {@code SameDiffLayer} returns (parameters and input) is 2x the true one, whatever
 *   the layer computes (seen with {@code y = x.mmul(V)} alone, float and double, with and without
 *   workspaces, called through the graph or directly; a {@code StopGradient} inside the graph does not
 *   stop it either). Gradients are linear in the error, so passing half the error makes them exact.
 *   {@code DinoHeadTest}'s and the ViT's gradient checks fail if a DL4J upgrade changes this.</li>
 *   <li><b>One input shape per SameDiff graph.</b> DL4J builds the layer's SameDiff graph once, from
 *   the shape of the first input (only the batch dimension is left free), so a layer whose graph
 *   uses static sizes (a token count, a patch grid) cannot later see another size. This class keeps
 *   one SameDiff graph per input shape (batch dimension excluded; at most {@value #MAX_GRAPHS}, the
 *   oldest dropped), so one network runs 32-pixel global crops, 16-pixel local crops and downscaled
 *   selection views. Parameters are shared: every graph reads the layer's parameter views.</li>
 * </ol>
 *
 * <p>Use it by extending {@link ExactSameDiffLayer}, whose {@code instantiate} creates this class.
 */
public class HalvedErrorLayer extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer {
    /** Most SameDiff graphs (input shapes) kept per layer. */
    public static final int MAX_GRAPHS = 8;

    private record Graph(SameDiff sameDiff, SDVariable outputVar, ExternalErrorsFunction fn, String outputKey) {
    }

    private final Map<List<Long>, Graph> graphs = new HashMap<>();
    private final List<List<Long>> order = new ArrayList<>();
    private List<Long> current;

    public HalvedErrorLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        selectGraph();
        return super.activate(training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        selectGraph();
        return super.backpropGradient(epsilon.mul(0.5), workspaceMgr);
    }

    /** Makes the SameDiff graph for the current input's shape the active one (built on first use). */
    private void selectGraph() {
        if (input == null) {
            return; // DL4J's own assertInputSet reports it
        }
        long[] shape = input.shape();
        List<Long> key = new ArrayList<>(shape.length);
        for (int i = 1; i < shape.length; i++) {
            key.add(shape[i]);
        }
        key.add(0, (long) shape.length);
        if (key.equals(current)) {
            return;
        }
        if (current != null && sameDiff != null) {
            graphs.put(current, new Graph(sameDiff, outputVar, fn, outputKey));
            if (!order.contains(current)) {
                order.add(current);
            }
        }
        Graph g = graphs.get(key);
        if (g == null) {
            while (order.size() >= MAX_GRAPHS) {
                graphs.remove(order.remove(0));
            }
            sameDiff = null; // DL4J builds a new graph for this shape on the next call
            outputVar = null;
            fn = null;
            outputKey = null;
        } else {
            sameDiff = g.sameDiff();
            outputVar = g.outputVar();
            fn = g.fn();
            outputKey = g.outputKey();
        }
        current = key;
    }
}
