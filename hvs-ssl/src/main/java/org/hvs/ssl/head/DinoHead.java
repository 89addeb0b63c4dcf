package org.hvs.ssl.head;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.distribution.TruncatedNormalDistribution;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationGELU;

/**
 * DINO's projection head (Caron et al. 2021; {@code DINOHead} in facebookresearch/dino
 * {@code vision_transformer.py}): an MLP of {@code nLayers} linear layers with GELU between them, the
 * last of width {@code bottleneckDim} (no activation), then a {@link WeightNormLinear} layer that
 * L2-normalises its input and maps it to the {@code outDim} = K prototypes:
 *
 * <pre>
 *   nLayers=3:  Linear(in, hidden) GELU  Linear(hidden, hidden) GELU  Linear(hidden, bottleneck)
 *               -> x / ||x||  -> weight-normalised Linear(bottleneck, K, no bias)
 *   useBn:      Linear -> BatchNorm -> GELU for each hidden layer
 *   nLayers=1:  Linear(in, bottleneck) -> ...
 * </pre>
 *
 * <p>Linear weights start truncated-normal with std 0.02, biases 0, as in DINO. GELU is ND4J's sigmoid
 * approximation {@code x * sigmoid(1.702 x)} ({@code ActivationGELU(false)}, within 0.021 of the exact
 * erf form that PyTorch's {@code nn.GELU} uses). ND4J's "precise" tanh form is NOT used: in
 * 1.0.0-M2.1 its derivative disagrees with its forward pass (gradient-check relative errors up to
 * 1e-2), while the sigmoid form passes the gradient check. With {@code normLastLayer} (default) the last layer's scale g is fixed to
 * 1 and is not a parameter at all (see {@link WeightNormLinear}).
 *
 * <pre>{@code
 * DinoHead head = DinoHead.builder().inDim(512).outDim(4096).build(); // hidden 2048, bottleneck 256
 * String out = head.add(graphBuilder, "dino_head", "features");        // returns "dino_head"
 * }</pre>
 */
public final class DinoHead {
    private final int inDim;
    private final int hiddenDim;
    private final int bottleneckDim;
    private final int outDim;
    private final int nLayers;
    private final boolean normLastLayer;
    private final boolean useBn;

    private DinoHead(Builder b) {
        this.inDim = b.inDim;
        this.hiddenDim = b.hiddenDim;
        this.bottleneckDim = b.bottleneckDim;
        this.outDim = b.outDim;
        this.nLayers = b.nLayers;
        this.normLastLayer = b.normLastLayer;
        this.useBn = b.useBn;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int inDim() {
        return inDim;
    }

    public int hiddenDim() {
        return hiddenDim;
    }

    public int bottleneckDim() {
        return bottleneckDim;
    }

    public int outDim() {
        return outDim;
    }

    public int nLayers() {
        return nLayers;
    }

    public boolean normLastLayer() {
        return normLastLayer;
    }

    public boolean useBn() {
        return useBn;
    }

    /** Name of the last MLP layer (the bottleneck) for a head added under {@code prefix}. */
    public static String bottleneckName(String prefix) {
        return prefix + "_bottleneck";
    }

    /**
     * Appends the head to a transfer-learning graph builder (the usual way: a backbone plus a head).
     *
     * @param prefix name of the head's output vertex; inner layers are named {@code prefix_fc<i>},
     *               {@code prefix_bottleneck}
     * @param input  the vertex the head reads, of size {@link #inDim()}
     * @return the output vertex name, {@code prefix}
     */
    public String add(TransferLearning.GraphBuilder g, String prefix, String input) {
        return add((name, layer, in) -> g.addLayer(name, layer, in), prefix, input);
    }

    /** As {@link #add(TransferLearning.GraphBuilder, String, String)} for a graph built from scratch. */
    public String add(ComputationGraphConfiguration.GraphBuilder g, String prefix, String input) {
        return add((name, layer, in) -> g.addLayer(name, layer, in), prefix, input);
    }

    private interface LayerSink {
        void add(String name, Layer layer, String input);
    }

    private String add(LayerSink sink, String prefix, String input) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix must be a non-empty vertex name, got '" + prefix + "'");
        }
        if (input == null || input.isEmpty()) {
            throw new IllegalArgumentException("input must be a non-empty vertex name, got '" + input + "'");
        }
        String prev = input;
        int prevDim = inDim;
        for (int i = 0; i < nLayers - 1; i++) {
            String name = prefix + "_fc" + i;
            if (useBn) {
                // DINO's use_bn_in_head: Linear -> BN -> GELU
                sink.add(name, dense(prevDim, hiddenDim, Activation.IDENTITY.getActivationFunction()), prev);
                String bn = prefix + "_bn" + i;
                sink.add(bn, new BatchNormalization.Builder().nOut(hiddenDim)
                        .activation(Activation.IDENTITY.getActivationFunction()).build(), name);
                // DL4J 1.0.0-M2.1's BatchNormalization ignores its activation: GELU is a layer of its own
                name = prefix + "_gelu" + i;
                sink.add(name, new ActivationLayer.Builder().activation(new ActivationGELU(false)).build(), bn);
            } else {
                sink.add(name, dense(prevDim, hiddenDim, new ActivationGELU(false)), prev);
            }
            prev = name;
            prevDim = hiddenDim;
        }
        String bottleneck = bottleneckName(prefix);
        sink.add(bottleneck, dense(prevDim, bottleneckDim, Activation.IDENTITY.getActivationFunction()), prev);
        sink.add(prefix, new WeightNormLinear.Builder().nIn(bottleneckDim).nOut(outDim).fixedScale(normLastLayer)
                .build(), bottleneck);
        return prefix;
    }

    private static DenseLayer dense(int nIn, int nOut, IActivation activation) {
        return new DenseLayer.Builder().nIn(nIn).nOut(nOut).hasBias(true)
                .weightInit(new WeightInitDistribution(new TruncatedNormalDistribution(0, 0.02)))
                .biasInit(0).activation(activation).build();
    }

    @Override
    public String toString() {
        return "DinoHead(in=" + inDim + ", hidden=" + hiddenDim + ", bottleneck=" + bottleneckDim + ", out=" + outDim
                + ", layers=" + nLayers + ", normLastLayer=" + normLastLayer + ", useBn=" + useBn + ")";
    }

    /** Builder: {@code inDim} and {@code outDim} required; DINO's defaults for the rest. */
    public static final class Builder {
        private int inDim;
        private int hiddenDim = 2048;
        private int bottleneckDim = 256;
        private int outDim;
        private int nLayers = 3;
        private boolean normLastLayer = true;
        private boolean useBn;

        private Builder() {
        }

        public Builder inDim(int inDim) {
            this.inDim = inDim;
            return this;
        }

        /** Width of the hidden layers (default 2048). */
        public Builder hiddenDim(int hiddenDim) {
            this.hiddenDim = hiddenDim;
            return this;
        }

        /** Width of the last MLP layer (default 256). */
        public Builder bottleneckDim(int bottleneckDim) {
            this.bottleneckDim = bottleneckDim;
            return this;
        }

        /** K, the number of prototypes (DINO uses 65536; small data sets far fewer). */
        public Builder outDim(int outDim) {
            this.outDim = outDim;
            return this;
        }

        /** Linear layers in the MLP, including the bottleneck (default 3). */
        public Builder nLayers(int nLayers) {
            this.nLayers = nLayers;
            return this;
        }

        /** Fix the last layer's scale g to 1 (default true, DINO's {@code norm_last_layer}). */
        public Builder normLastLayer(boolean normLastLayer) {
            this.normLastLayer = normLastLayer;
            return this;
        }

        /**
         * Batch norm after each hidden linear layer (DINO's {@code use_bn_in_head}, default false).
         * Helps convolutional backbones on small images, whose features start out nearly identical
         * across images: without it the centred teacher output is flat from the first steps.
         */
        public Builder useBn(boolean useBn) {
            this.useBn = useBn;
            return this;
        }

        public DinoHead build() {
            positive(inDim, "inDim");
            positive(hiddenDim, "hiddenDim");
            positive(bottleneckDim, "bottleneckDim");
            positive(outDim, "outDim");
            positive(nLayers, "nLayers");
            return new DinoHead(this);
        }

        private static void positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be > 0, got " + value);
            }
        }
    }
}
