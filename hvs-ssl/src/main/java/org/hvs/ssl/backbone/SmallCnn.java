package org.hvs.ssl.backbone;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Objects;

/**
 * The "standard small backbone" of the performance work: three convolutions, no residuals.
 *
 * <pre>
 *   conv3x3(32) - BN - ReLU - conv3x3/2(64) - BN - ReLU - conv3x3/2(128) - BN - ReLU
 *   - global average pooling -> "features" (128)
 * </pre>
 *
 * Convolutions use 'same' padding and no bias, weights He-initialised from the seed; input
 * {@value BackbonePreset#INPUT} is NCHW; no OutputLayer, workspaces off, placeholder updater
 * {@code Sgd(0.1)} that the methods replace. With 3 input channels it has 93,920 parameters
 * (batch-norm running statistics included, as DL4J counts them). The layers are the fast ones of
 * {@link org.hvs.ssl.backbone.fast.FastLayers} unless {@code fastLayers(false)}; the parameters are the
 * same either way.
 *
 * <pre>{@code
 * ComputationGraph graph = SmallCnn.builder().inputChannels(1).seed(7).build().build();
 * }</pre>
 */
public final class SmallCnn implements BackbonePreset {

    /** Channels of the three convolutions. */
    private static final int[] CHANNELS = {32, 64, 128};

    private final int inputChannels;
    private final int imageSize;
    private final long seed;
    private final IUpdater updater;
    private final boolean fastLayers;

    private SmallCnn(Builder b) {
        this.inputChannels = b.inputChannels;
        this.imageSize = b.imageSize;
        this.seed = b.seed;
        this.updater = b.updater;
        this.fastLayers = b.fastLayers;
    }

    /** A builder with the defaults: 3 channels, 32-pixel images, seed 42. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ComputationGraphConfiguration configuration() {
        GraphBuilder g = GraphBlocks.start(seed, updater.clone(), inputChannels, imageSize);
        String x = GraphBlocks.convBnRelu(g, fastLayers, "c1", BackbonePreset.INPUT, 3, 1, CHANNELS[0]);
        x = GraphBlocks.convBnRelu(g, fastLayers, "c2", x, 3, 2, CHANNELS[1]);
        x = GraphBlocks.convBnRelu(g, fastLayers, "c3", x, 3, 2, CHANNELS[2]);
        GraphBlocks.features(g, x);
        return g.build();
    }

    @Override
    public ComputationGraph build() {
        ComputationGraph graph = new ComputationGraph(configuration());
        graph.init();
        return graph;
    }

    @Override
    public long featureDim() {
        return CHANNELS[CHANNELS.length - 1];
    }

    public int inputChannels() {
        return inputChannels;
    }

    public int imageSize() {
        return imageSize;
    }

    public long seed() {
        return seed;
    }

    /** Whether the graph uses the fast native-kernel layers ({@link org.hvs.ssl.backbone.fast.FastLayers}). */
    public boolean fastLayers() {
        return fastLayers;
    }

    @Override
    public String toString() {
        return "SmallCnn{inputChannels=" + inputChannels + ", imageSize=" + imageSize + ", seed=" + seed
                + ", fastLayers=" + fastLayers + "}";
    }

    /** Builder for {@link SmallCnn}; {@link #build()} validates. */
    public static final class Builder {
        private int inputChannels = 3;
        private int imageSize = 32;
        private long seed = 42;
        private IUpdater updater = new Sgd(0.1);
        private boolean fastLayers = true;

        private Builder() {
        }

        /** Image channels: 1 (grey) or 3 (RGB). Default 3. */
        public Builder inputChannels(int inputChannels) {
            this.inputChannels = inputChannels;
            return this;
        }

        /** Input height and width declared to DL4J. Default 32. */
        public Builder imageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /** Seed of the weight initialisation. Default 42. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Use the fast layers ({@link org.hvs.ssl.backbone.fast.FastLayers}: native NHWC convolution,
         * batch norm and ReLU, 10x or more faster on CPU with the oneDNN backend build) instead of DL4J's
         * own. Same parameter names, count and initialisation either way. Default true.
         */
        public Builder fastLayers(boolean fastLayers) {
            this.fastLayers = fastLayers;
            return this;
        }

        /** Placeholder updater of the graph (the methods set their own). Default Sgd(0.1). */
        public Builder updater(IUpdater updater) {
            this.updater = Objects.requireNonNull(updater, "updater");
            return this;
        }

        public SmallCnn build() {
            if (inputChannels != 1 && inputChannels != 3) {
                throw new IllegalArgumentException("inputChannels must be 1 or 3, got " + inputChannels);
            }
            if (imageSize < 1) {
                throw new IllegalArgumentException("imageSize must be >= 1, got " + imageSize);
            }
            return new SmallCnn(this);
        }
    }
}
