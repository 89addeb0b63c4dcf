package org.hvs.ssl.backbone.vit;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Objects;

/** Builder for {@link VisionTransformer}; {@link #build()} validates. */
public final class VisionTransformerBuilder {
    int inputChannels = 3;
    int imageSize;
    int patchSize;
    int dim;
    int depth;
    int heads;
    double mlpRatio = 4.0;
    boolean convStem;
    TransformerBlock.QkvInit qkvInit = TransformerBlock.QkvInit.TRUNC_NORMAL;
    long seed = 42;
    IUpdater updater = new Sgd(0.1);

    VisionTransformerBuilder() {
    }

    /** Image channels: 1 (grey) or 3 (RGB). Default 3. */
    public VisionTransformerBuilder inputChannels(int inputChannels) {
        this.inputChannels = inputChannels;
        return this;
    }

    /** Height and width of the images the position embeddings are made for (other sizes are interpolated). */
    public VisionTransformerBuilder imageSize(int imageSize) {
        this.imageSize = imageSize;
        return this;
    }

    /** Patch side p (kernel and stride of the patch embedding); imageSize must be a multiple. */
    public VisionTransformerBuilder patchSize(int patchSize) {
        this.patchSize = patchSize;
        return this;
    }

    /** Embedding dimension D (the feature size). */
    public VisionTransformerBuilder dim(int dim) {
        this.dim = dim;
        return this;
    }

    /** Number of transformer blocks. */
    public VisionTransformerBuilder depth(int depth) {
        this.depth = depth;
        return this;
    }

    /** Attention heads per block; must divide dim. */
    public VisionTransformerBuilder heads(int heads) {
        this.heads = heads;
        return this;
    }

    /** MLP hidden size as a multiple of dim. Default 4. */
    public VisionTransformerBuilder mlpRatio(double mlpRatio) {
        this.mlpRatio = mlpRatio;
        return this;
    }

    /**
     * A convolutional stem instead of the single patchify convolution (Xiao et al., "Early Convolutions
     * Help Transformers See Better", NeurIPS 2021): log2(patchSize) 3 x 3 stride-2 convolutions with
     * batch norm and ReLU, widths doubling up to dim (48, 96, 192, 384 for ViT-S/16), then a 1 x 1
     * convolution to dim as the patch embedding. patchSize must be a power of two. Default false.
     */
    public VisionTransformerBuilder convStem(boolean convStem) {
        this.convStem = convStem;
        return this;
    }

    /**
     * How the blocks' {@code qkv} weights start: DINO's truncated normal (std 0.02) or Xavier-uniform
     * (see {@link TransformerBlock.QkvInit}). Default {@code TRUNC_NORMAL}; the {@link VisionTransformer#tiny()}
     * preset sets {@code XAVIER_UNIFORM}.
     */
    public VisionTransformerBuilder qkvInit(TransformerBlock.QkvInit qkvInit) {
        this.qkvInit = Objects.requireNonNull(qkvInit, "qkvInit");
        return this;
    }

    /** Seed of the weight initialisation. Default 42. */
    public VisionTransformerBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Placeholder updater of the graph (the methods set their own). Default Sgd(0.1). */
    public VisionTransformerBuilder updater(IUpdater updater) {
        this.updater = Objects.requireNonNull(updater, "updater");
        return this;
    }

    public VisionTransformer build() {
        if (inputChannels != 1 && inputChannels != 3) {
            throw new IllegalArgumentException("inputChannels must be 1 or 3, got " + inputChannels);
        }
        if (patchSize < 1) {
            throw new IllegalArgumentException("patchSize must be >= 1, got " + patchSize);
        }
        if (imageSize < patchSize || imageSize % patchSize != 0) {
            throw new IllegalArgumentException("imageSize must be a positive multiple of patchSize " + patchSize
                    + ", got " + imageSize);
        }
        if (convStem && (patchSize < 2 || Integer.bitCount(patchSize) != 1)) {
            throw new IllegalArgumentException("a convolutional stem needs a power-of-two patchSize >= 2, got " + patchSize);
        }
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1, got " + dim);
        }
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
        if (heads < 1 || dim % heads != 0) {
            throw new IllegalArgumentException("heads must be >= 1 and divide dim " + dim + ", got " + heads);
        }
        if (!(mlpRatio > 0) || Double.isInfinite(mlpRatio) || Math.round(dim * mlpRatio) < 1) {
            throw new IllegalArgumentException("mlpRatio must be > 0 and give an MLP of at least 1 unit, got " + mlpRatio);
        }
        if (convStem && (dim >> (Integer.numberOfTrailingZeros(patchSize) - 1)) < 1) {
            throw new IllegalArgumentException("dim " + dim + " is too small for a convolutional stem of "
                    + Integer.numberOfTrailingZeros(patchSize) + " stages (widths halve from dim)");
        }
        return new VisionTransformer(this);
    }
}
