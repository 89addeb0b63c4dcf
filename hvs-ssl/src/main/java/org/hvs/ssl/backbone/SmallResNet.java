package org.hvs.ssl.backbone;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Arrays;
import java.util.Objects;

/**
 * A small ResNet for 32-pixel images (He et al., "Deep Residual Learning for Image Recognition",
 * CVPR 2016, the CIFAR variant with basic blocks):
 *
 * <pre>
 *   stem:   conv3x3(width) - BN - ReLU
 *   stage s (s = 0, 1, ...): blocksPerStage[s] basic blocks of width * 2^s channels, the first one
 *           of every stage after the first with stride 2;
 *           block: conv3x3 - BN - ReLU - conv3x3 - BN, + shortcut (identity, or conv1x1/stride - BN
 *           when the shape changes), ElementWiseVertex Add, ReLU
 *   global average pooling -> "features", width * 2^(stages - 1) values (4 * width by default)
 * </pre>
 *
 * Convolutions use 'same' padding and no bias (the batch norm after each supplies it); weights are
 * He-initialised from the seed. Input {@value BackbonePreset#INPUT} is NCHW. There is no OutputLayer and
 * workspaces are off, for training from external errors; the updater is a placeholder
 * ({@code Sgd(0.1)} unless set) that the methods replace. The layers are the fast ones of
 * {@link org.hvs.ssl.backbone.fast.FastLayers} unless {@code fastLayers(false)}; the parameters are the
 * same either way.
 *
 * <pre>{@code
 * SmallResNet backbone = SmallResNet.builder().inputChannels(3).width(32).blocksPerStage(1, 1, 1).seed(42).build();
 * ComputationGraph graph = backbone.build();     // features: [B, 128]
 * }</pre>
 */
public final class SmallResNet implements BackbonePreset {

    private final int inputChannels;
    private final int width;
    private final int[] blocksPerStage;
    private final int imageSize;
    private final long seed;
    private final IUpdater updater;
    private final boolean fastLayers;

    private SmallResNet(Builder b) {
        this.inputChannels = b.inputChannels;
        this.width = b.width;
        this.blocksPerStage = b.blocksPerStage.clone();
        this.imageSize = b.imageSize;
        this.seed = b.seed;
        this.updater = b.updater;
        this.fastLayers = b.fastLayers;
    }

    /** A builder with the defaults: 3 channels, width 32, blocks [1, 1, 1], 32-pixel images, seed 42. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ComputationGraphConfiguration configuration() {
        GraphBuilder g = GraphBlocks.start(seed, updater.clone(), inputChannels, imageSize);
        String x = GraphBlocks.convBnRelu(g, fastLayers, "stem", BackbonePreset.INPUT, 3, 1, width);
        int channels = width;
        for (int s = 0; s < blocksPerStage.length; s++) {
            int out = width << s;
            for (int k = 0; k < blocksPerStage[s]; k++) {
                int stride = (s > 0 && k == 0) ? 2 : 1;
                x = basicBlock(g, "s" + s + "b" + k, x, channels, out, stride);
                channels = out;
            }
        }
        GraphBlocks.features(g, x);
        return g.build();
    }

    /** conv3x3-BN-ReLU-conv3x3-BN + shortcut, Add, ReLU; returns the name of the block's output. */
    private String basicBlock(GraphBuilder g, String name, String input, int channelsIn, int channelsOut,
                                     int stride) {
        String a = GraphBlocks.convBnRelu(g, fastLayers, name + "_1", input, 3, stride, channelsOut);
        String c = GraphBlocks.conv(g, fastLayers, name + "_2_conv", a, 3, 1, channelsOut);
        String residual = GraphBlocks.batchNorm(g, fastLayers, name + "_2_bn", c);
        String shortcut = input;
        if (stride != 1 || channelsIn != channelsOut) {
            String p = GraphBlocks.conv(g, fastLayers, name + "_proj_conv", input, 1, stride, channelsOut);
            shortcut = GraphBlocks.batchNorm(g, fastLayers, name + "_proj_bn", p);
        }
        String sum = GraphBlocks.add(g, fastLayers, name + "_add", residual, shortcut);
        return GraphBlocks.relu(g, fastLayers, name + "_relu", sum);
    }

    @Override
    public ComputationGraph build() {
        ComputationGraph graph = new ComputationGraph(configuration());
        graph.init();
        return graph;
    }

    @Override
    public long featureDim() {
        return (long) width << (blocksPerStage.length - 1);
    }

    public int inputChannels() {
        return inputChannels;
    }

    public int width() {
        return width;
    }

    /** Basic blocks per stage (a copy). */
    public int[] blocksPerStage() {
        return blocksPerStage.clone();
    }

    /** Height and width of the input images the configuration declares. */
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
        return "SmallResNet{inputChannels=" + inputChannels + ", width=" + width + ", blocksPerStage="
                + Arrays.toString(blocksPerStage) + ", imageSize=" + imageSize + ", seed=" + seed
                + ", fastLayers=" + fastLayers + "}";
    }

    /** Builder for {@link SmallResNet}; {@link #build()} validates. */
    public static final class Builder {
        private int inputChannels = 3;
        private int width = 32;
        private int[] blocksPerStage = {1, 1, 1};
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

        /** Channels of the first stage (doubled at every later stage). Default 32. */
        public Builder width(int width) {
            this.width = width;
            return this;
        }

        /** Basic blocks in each stage; the number of entries is the number of stages. Default [1, 1, 1]. */
        public Builder blocksPerStage(int... blocksPerStage) {
            this.blocksPerStage = Objects.requireNonNull(blocksPerStage, "blocksPerStage").clone();
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

        public SmallResNet build() {
            if (inputChannels != 1 && inputChannels != 3) {
                throw new IllegalArgumentException("inputChannels must be 1 or 3, got " + inputChannels);
            }
            if (width < 1) {
                throw new IllegalArgumentException("width must be >= 1, got " + width);
            }
            if (blocksPerStage.length == 0) {
                throw new IllegalArgumentException("blocksPerStage must name at least one stage, got []");
            }
            for (int s = 0; s < blocksPerStage.length; s++) {
                if (blocksPerStage[s] < 1) {
                    throw new IllegalArgumentException("blocksPerStage[" + s + "] must be >= 1, got "
                            + blocksPerStage[s] + " in " + Arrays.toString(blocksPerStage));
                }
            }
            if (((long) width << (blocksPerStage.length - 1)) > Integer.MAX_VALUE || blocksPerStage.length > 30) {
                throw new IllegalArgumentException("width " + width + " with " + blocksPerStage.length
                        + " stages gives too many channels");
            }
            if (imageSize < 1) {
                throw new IllegalArgumentException("imageSize must be >= 1, got " + imageSize);
            }
            return new SmallResNet(this);
        }
    }
}
