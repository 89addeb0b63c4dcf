package org.hvs.core.method;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The user's encoder: a DL4J {@link ComputationGraph} with one image input {@code [B, C, H, W]}
 * and one output, the feature vector {@code [B, featureDim]} that heads are put on and that
 * evaluation (kNN, linear probe) reads.
 *
 * <p>HVS trains from an external loss, so the graph must not contain an {@code OutputLayer} or
 * {@code LossLayer}: end it with an ordinary layer or vertex (global pooling, dense).
 *
 * <pre>{@code
 * Backbone bb = Backbone.of(myGraph, 3, 32, 32);   // probes the feature size with a forward
 * }</pre>
 */
public final class Backbone {
    private static final Logger LOG = LoggerFactory.getLogger(Backbone.class);
    private final ComputationGraph graph;
    private final String featureVertex;
    private final long featureDim;
    private final int channels;
    private final int height;
    private final int width;

    private Backbone(ComputationGraph graph, String featureVertex, long featureDim, int channels, int height, int width) {
        this.graph = graph;
        this.featureVertex = featureVertex;
        this.featureDim = featureDim;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /**
     * Wraps {@code graph} (initialised here if it is not yet) for images of the given shape.
     *
     * @throws IllegalArgumentException if the graph has several inputs or outputs, contains an
     *                                  output or loss layer, or does not map the image to {@code [B, D]}
     */
    public static Backbone of(ComputationGraph graph, int channels, int height, int width) {
        Objects.requireNonNull(graph, "graph");
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1) {
            throw new IllegalArgumentException("a backbone needs exactly one input, got " + conf.getNetworkInputs());
        }
        if (conf.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("a backbone needs exactly one output (the features), got "
                    + conf.getNetworkOutputs());
        }
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv) {
                Object layer = lv.getLayerConf().getLayer();
                if (layer instanceof BaseOutputLayer || layer instanceof LossLayer) {
                    throw new IllegalArgumentException("backbone layer '" + e.getKey() + "' is a "
                            + layer.getClass().getSimpleName() + ": HVS trains from an external loss, so end the backbone"
                            + " with an ordinary layer or vertex (e.g. GlobalPoolingLayer or DenseLayer), not an output layer");
                }
            }
        }
        for (String warning : ignoredActivations(conf)) {
            LOG.warn(warning);
        }
        if (graph.params() == null || graph.params().isEmpty()) {
            graph.init();
        }
        INDArray probe = Nd4j.zeros(DataType.FLOAT, 2, channels, height, width);
        INDArray out;
        try {
            out = graph.output(false, probe)[0];
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("backbone cannot take images of shape [B, " + channels + ", " + height
                    + ", " + width + "]: " + ex.getMessage(), ex);
        }
        if (out.rank() != 2) {
            throw new IllegalArgumentException("backbone output must be [B, featureDim], got shape "
                    + java.util.Arrays.toString(out.shape()) + " (add a global pooling layer)");
        }
        return new Backbone(graph, conf.getNetworkOutputs().get(0), out.size(1), channels, height, width);
    }

    /**
     * One message per {@code BatchNormalization} layer of {@code conf} that carries an activation
     * function Deeplearning4j 1.0.0-M2.1 will not apply: its batch-norm layer ignores the activation
     * set on it (or inherited from the configuration's default), so {@code BN(ReLU)} is a linear
     * layer. The identity and the sigmoid (DL4J's global default, which every layer inherits when
     * none is set) are not reported. {@link #of} logs these as warnings.
     */
    public static List<String> ignoredActivations(ComputationGraphConfiguration conf) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization bn) {
                IActivation a = bn.getActivationFn();
                if (a != null && !(a instanceof ActivationIdentity) && !(a instanceof ActivationSigmoid)) {
                    out.add("backbone layer '" + e.getKey() + "' is a BatchNormalization with activation " + a
                            + ", which Deeplearning4j 1.0.0-M2.1 does not apply: add an ActivationLayer after it");
                }
            }
        }
        return out;
    }

    public ComputationGraph graph() {
        return graph;
    }

    /** Name of the vertex whose activations are the features. */
    public String featureVertex() {
        return featureVertex;
    }

    public long featureDim() {
        return featureDim;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }
}
