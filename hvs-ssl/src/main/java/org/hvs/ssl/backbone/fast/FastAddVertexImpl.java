package org.hvs.ssl.backbone.fast;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The runtime vertex of {@link FastAddVertex}: for two rank-4 inputs, {@code a + b} on their NHWC
 * buffers (output: an NCHW view of an NHWC buffer, kept from call to call in a train-mode forward outside
 * workspaces, as the fast layers do: see {@link Scratch}); backward hands the incoming gradient to the
 * first input and a copy of it, in a kept buffer, to the second (the graph may accumulate into either in
 * place). Anything else goes to DL4J's implementation.
 */
class FastAddVertexImpl extends ElementWiseVertex {

    private final Scratch outBuffer = new Scratch();
    private final Scratch gradCopyBuffer = new Scratch();

    FastAddVertexImpl(ComputationGraph graph, String name, int idx, DataType dataType) {
        super(graph, name, idx, Op.Add, dataType);
    }

    private boolean nhwcCase() {
        return inputs != null && inputs.length == 2 && inputs[0] != null && inputs[1] != null
                && inputs[0].rank() == 4 && inputs[1].rank() == 4;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward() || !nhwcCase()) {
            return super.doForward(training, workspaceMgr);
        }
        INDArray a = Nhwc.of(inputs[0]);
        INDArray b = Nhwc.of(inputs[1]);
        INDArray sum = outBuffer.output(training, workspaceMgr, a.dataType(), a.shape());
        Nd4j.getExecutioner().exec(new AddOp(a, b, sum));
        return Nhwc.asNchw(sum);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward() || !nhwcCase() || epsilon.rank() != 4) {
            return super.doBackward(tbptt, workspaceMgr);
        }
        INDArray g = Nhwc.of(epsilon);
        INDArray copy = g.data() == epsilon.data() ? gradCopyBuffer.get(g.dataType(), g.shape()).assign(g) : g;
        return new Pair<>(null, new INDArray[]{epsilon, Nhwc.asNchw(copy)});
    }
}
