package org.hvs.ssl.backbone.fast;

import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@link ElementWiseVertex} with {@code Op.Add} (the residual sum {@code y = a + b} of a ResNet
 * block) whose runtime vertex adds the NHWC buffers of the fast layers directly; DL4J's own vertex first
 * copies its inputs into NCHW, and the next fast layer copies them back.
 *
 * <pre>{@code
 * g.addVertex("s0b0_add", FastLayers.add(), "s0b0_2_bn", "stem_relu");
 * }</pre>
 */
public class FastAddVertex extends ElementWiseVertex {

    /** For JSON deserialisation and {@link FastLayers#add()}; use the factory. */
    public FastAddVertex() {
        super(Op.Add);
    }

    @Override
    public GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                   boolean initializeParams, DataType networkDatatype) {
        if (getOp() != Op.Add) {
            throw new IllegalArgumentException("FastAddVertex " + name + " supports only Op.Add, got " + getOp());
        }
        return new FastAddVertexImpl(graph, name, idx, networkDatatype);
    }

    @Override
    public FastAddVertex clone() {
        return new FastAddVertex();
    }
}
