package org.hvs.ssl.backbone.vit;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.hvs.ssl.backbone.BackbonePreset;
import org.hvs.ssl.backbone.fast.FastConvolution;
import org.hvs.ssl.backbone.fast.FastLayers;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.Objects;

/**
 * A Vision Transformer backbone (Dosovitskiy et al., "An Image is Worth 16x16 Words: Transformers for
 * Image Recognition at Scale", ICLR 2021; the DINO/iBOT {@code VisionTransformer}) as a DL4J
 * ComputationGraph:
 *
 * <pre>
 *   "input" [B, C, H, W]
 *   "patch_embed"  convolution, kernel = stride = patch, C -> D             [B, D, H/p, W/p]
 *   "tokens"       {@link PatchTokens}: [cls | patches] + position embeddings  [B, D, 1 + T]
 *                  (bilinearly resized when H/p x W/p differs from imageSize/p x imageSize/p)
 *   "block0".."block{depth-1}"  pre-norm {@link TransformerBlock}s          [B, D, 1 + T]
 *   "norm"         final {@link TokenNorm}                                  [B, D, 1 + T]
 *   "features"     the class token after the norm ({@link TokenSelect})     [B, D]
 * </pre>
 *
 * <p><b>Plain and masked variants.</b> {@link #build()} is the plain graph: one input, one output
 * ({@value BackbonePreset#FEATURES}), as {@code org.hvs.core.method.Backbone.of} needs, so SimSiam,
 * SimCLR and DINO train it as any backbone. {@link #buildMasked()} (or {@link #masked(ComputationGraph)}
 * from a plain graph) is iBOT's variant: a second input {@value #MASK} {@code [B, 1, H/p, W/p]}
 * (1 = masked patch, 0 = kept; make it from a {@code [B, T]} mask with {@link #maskInput}) is
 * concatenated to the patch embedding as one more channel, and {@link PatchTokens} replaces masked
 * patch embeddings by the learned mask token before the position embeddings are added; a second
 * output {@value #PATCH_TOKENS} gives the patch tokens after the final norm, {@code [B, D, T]} (DL4J
 * recurrent NCW; T row-major over the patch grid). Outputs in order: {@value BackbonePreset#FEATURES},
 * {@value #PATCH_TOKENS}. An all-zero mask gives the plain graph's outputs. Both variants have the same
 * parameters in the same order (the mask input and the extra vertices have none), so
 * {@code masked.setParams(plain.params())} and checkpoints move between them.
 *
 * <p>Initialisation as timm/DINO: linear weights and the class and position embeddings
 * truncated-normal with std 0.02, biases 0, layer norms 1 and 0, the mask token 0 (iBOT); the patch
 * convolution as PyTorch's default for {@code nn.Conv2d} (uniform in ±1/sqrt(fan-in)), bias 0.
 * Workspaces are off and there is no OutputLayer (training from external errors); the updater is a
 * placeholder the methods replace.
 *
 * <pre>{@code
 * VisionTransformer vit = VisionTransformer.tiny().seed(7).build();      // 32-px images, patch 4
 * Backbone backbone = Backbone.of(vit.build(), 3, 32, 32);               // features [B, 96]
 * ComputationGraph student = VisionTransformer.masked(backbone.graph()); // for iBOT, same parameters
 * INDArray[] out = student.output(false, images, VisionTransformer.maskInput(maskBT, 8, 8));
 * }</pre>
 */
public final class VisionTransformer implements BackbonePreset {
    /** Name of the masked variant's second input, {@code [B, 1, H/p, W/p]}, 1 = masked patch. */
    public static final String MASK = "mask";
    /** Name of the masked variant's second output, the patch tokens after the final norm, {@code [B, D, T]}. */
    public static final String PATCH_TOKENS = "patch_tokens";
    /** Vertex names of the graph's parts. */
    public static final String PATCH_EMBED = "patch_embed";
    public static final String TOKENS = "tokens";
    public static final String NORM = "norm";
    private static final String MASK_MERGE = "patch_embed_mask";

    private final int inputChannels;
    private final int imageSize;
    private final int patchSize;
    private final int dim;
    private final int depth;
    private final int heads;
    private final double mlpRatio;
    private final boolean convStem;
    private final TransformerBlock.QkvInit qkvInit;
    private final long seed;
    private final IUpdater updater;

    VisionTransformer(VisionTransformerBuilder b) {
        this.inputChannels = b.inputChannels;
        this.imageSize = b.imageSize;
        this.patchSize = b.patchSize;
        this.dim = b.dim;
        this.depth = b.depth;
        this.heads = b.heads;
        this.mlpRatio = b.mlpRatio;
        this.convStem = b.convStem;
        this.qkvInit = b.qkvInit;
        this.seed = b.seed;
        this.updater = b.updater;
    }

    /** A builder with the {@link #tiny()} settings. */
    public static VisionTransformerBuilder builder() {
        return tiny();
    }

    /**
     * The tiny preset for 32-pixel data: patch 4 (an 8 x 8 grid, 65 tokens), dim 96, depth 4, 3 heads
     * (head size 32), MLP ratio 4; about 0.46 M parameters. The smallest of the sizes the iBOT issue
     * names (dim 96-192, depth 4-6): a ViT is slow on two CPU cores. Its {@code qkv} weights start
     * Xavier-uniform, not at DINO's std 0.02: on {@code shapes} (conv stem, 4 epochs, 2,000 images) that
     * moved DINO's kNN accuracy from 27.7% to 41.1% (untrained 21.6%), as a PyTorch replica whose
     * {@code nn.MultiheadAttention} starts Xavier-uniform suggested; see {@link TransformerBlock.QkvInit}.
     */
    public static VisionTransformerBuilder tiny() {
        return new VisionTransformerBuilder().imageSize(32).patchSize(4).dim(96).depth(4).heads(3)
                .qkvInit(TransformerBlock.QkvInit.XAVIER_UNIFORM);
    }

    /**
     * ViT-S/16: 224-pixel images, patch 16, dim 384, depth 12, 6 heads, MLP ratio 4 (about 21.7 M
     * parameters); DINO's initialisation ({@code qkv} truncated-normal, std 0.02).
     */
    public static VisionTransformerBuilder vitSmall16() {
        return new VisionTransformerBuilder().imageSize(224).patchSize(16).dim(384).depth(12).heads(6);
    }

    /** The plain graph's configuration: one input, output {@value BackbonePreset#FEATURES}. */
    @Override
    public ComputationGraphConfiguration configuration() {
        return configuration(false);
    }

    /** The masked variant's configuration: inputs {@code input, mask}; outputs {@code features, patch_tokens}. */
    public ComputationGraphConfiguration maskedConfiguration() {
        return configuration(true);
    }

    private ComputationGraphConfiguration configuration(boolean masked) {
        int grid = imageSize / patchSize;
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater.clone())
                .dataType(DataType.FLOAT)
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder()
                .addInputs(masked ? new String[] {INPUT, MASK} : new String[] {INPUT});
        if (masked) {
            g.setInputTypes(InputType.convolutional(imageSize, imageSize, inputChannels, CNN2DFormat.NCHW),
                    InputType.convolutional(grid, grid, 1, CNN2DFormat.NCHW));
        } else {
            g.setInputTypes(InputType.convolutional(imageSize, imageSize, inputChannels, CNN2DFormat.NCHW));
        }
        String embedIn = INPUT;
        int embedKernel = patchSize;
        if (convStem) {
            int stages = Integer.numberOfTrailingZeros(patchSize);
            for (int i = 0; i < stages; i++) {
                FastConvolution conv = FastLayers.conv(3, 2, dim >> (stages - 1 - i));
                conv.setWeightInitFn(new WeightInitRelu());
                g.addLayer(stemName(i) + "_conv", conv, embedIn);
                g.addLayer(stemName(i) + "_bn", FastLayers.batchNorm(), stemName(i) + "_conv");
                g.addLayer(stemName(i) + "_relu", FastLayers.relu(), stemName(i) + "_bn");
                embedIn = stemName(i) + "_relu";
            }
            embedKernel = 1;
        }
        g.addLayer(PATCH_EMBED, new ConvolutionLayer.Builder(embedKernel, embedKernel)
                .stride(embedKernel, embedKernel)
                .nIn(convStem ? dim : inputChannels)
                .nOut(dim)
                .convolutionMode(ConvolutionMode.Truncate)
                .dataFormat(CNN2DFormat.NCHW)
                .weightInit(WeightInit.UNIFORM)
                .biasInit(0)
                .activation(Activation.IDENTITY)
                .build(), embedIn);
        String tokensIn = PATCH_EMBED;
        if (masked) {
            g.addVertex(MASK_MERGE, new MergeVertex(), PATCH_EMBED, MASK);
            tokensIn = MASK_MERGE;
        }
        g.addLayer(TOKENS, new PatchTokens.Builder().dim(dim).grid(grid, grid).masked(masked).build(), tokensIn);
        String x = TOKENS;
        for (int i = 0; i < depth; i++) {
            String name = blockName(i);
            g.addLayer(name, new TransformerBlock.Builder().dim(dim).heads(heads).mlpRatio(mlpRatio)
                    .qkvInit(qkvInit).build(), x);
            x = name;
        }
        g.addLayer(NORM, new TokenNorm.Builder().dim(dim).build(), x);
        g.addLayer(FEATURES, new TokenSelect.Builder().part(TokenSelect.Part.CLS).dim(dim).build(), NORM);
        if (masked) {
            g.addLayer(PATCH_TOKENS, new TokenSelect.Builder().part(TokenSelect.Part.PATCHES).dim(dim).build(), NORM);
            g.setOutputs(FEATURES, PATCH_TOKENS);
        } else {
            g.setOutputs(FEATURES);
        }
        return g.build();
    }

    /** Name prefix of convolutional-stem stage {@code i} (0-based): {@code stem0_conv, stem0_bn, stem0_relu, ...}. */
    public static String stemName(int i) {
        return "stem" + i;
    }

    /** Name of transformer block {@code i} (0-based). */
    public static String blockName(int i) {
        return "block" + i;
    }

    /** A new, initialised plain graph; the same settings and seed give the same parameters. */
    @Override
    public ComputationGraph build() {
        ComputationGraph graph = new ComputationGraph(configuration());
        graph.init();
        return graph;
    }

    /** A new, initialised masked variant; its parameters equal {@link #build()}'s for the same settings and seed. */
    public ComputationGraph buildMasked() {
        ComputationGraph graph = new ComputationGraph(maskedConfiguration());
        graph.init();
        return graph;
    }

    /**
     * The masked variant of a plain ViT graph built by this class, with a copy of its parameters (the
     * settings are read back from the graph with {@link #from(ComputationGraph)}).
     */
    public static ComputationGraph masked(ComputationGraph plain) {
        VisionTransformer vit = from(plain);
        ComputationGraph graph = new ComputationGraph(vit.maskedConfiguration());
        graph.init(plain.params().dup(), false);
        return graph;
    }

    /**
     * The settings of a graph built by this class (plain or masked), read from its layers; seed and
     * updater are not recoverable and take the defaults.
     *
     * @throws IllegalArgumentException if the graph is not such a ViT
     */
    public static VisionTransformer from(ComputationGraph graph) {
        Objects.requireNonNull(graph, "graph");
        var vertices = graph.getConfiguration().getVertices();
        if (!(layerConf(vertices, PATCH_EMBED) instanceof ConvolutionLayer conv)
                || !(layerConf(vertices, TOKENS) instanceof PatchTokens tokens)) {
            throw new IllegalArgumentException("not a VisionTransformer graph: no '" + PATCH_EMBED + "' convolution and '"
                    + TOKENS + "' PatchTokens layer among " + vertices.keySet());
        }
        int depth = 0;
        TransformerBlock first = null;
        while (layerConf(vertices, blockName(depth)) instanceof TransformerBlock b) {
            first = first == null ? b : first;
            depth++;
        }
        if (first == null) {
            throw new IllegalArgumentException("not a VisionTransformer graph: no '" + blockName(0) + "' block");
        }
        int stages = 0;
        while (layerConf(vertices, stemName(stages) + "_conv") instanceof ConvolutionLayer) {
            stages++;
        }
        int patch = stages > 0 ? 1 << stages : conv.getKernelSize()[0];
        long channels = stages > 0 ? ((ConvolutionLayer) layerConf(vertices, stemName(0) + "_conv")).getNIn() : conv.getNIn();
        return tiny().inputChannels((int) channels).imageSize(tokens.getGridHeight() * patch).patchSize(patch)
                .dim(tokens.getDim()).depth(depth).heads(first.getHeads()).convStem(stages > 0)
                .mlpRatio((double) first.getMlpHidden() / first.getDim()).qkvInit(first.getQkvInit()).build();
    }

    private static Object layerConf(java.util.Map<String, org.deeplearning4j.nn.conf.graph.GraphVertex> vertices,
                                    String name) {
        return vertices.get(name) instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                ? lv.getLayerConf().getLayer() : null;
    }

    /**
     * The {@value #MASK} input from a per-patch mask {@code [B, T]} (1 = masked; T = gridHeight *
     * gridWidth, row-major): {@code [B, 1, gridHeight, gridWidth]}, float.
     *
     * @throws IllegalArgumentException if the mask is not {@code [B, gridHeight * gridWidth]}
     */
    public static INDArray maskInput(INDArray mask, int gridHeight, int gridWidth) {
        Objects.requireNonNull(mask, "mask");
        if (mask.rank() != 2 || mask.size(1) != (long) gridHeight * gridWidth) {
            throw new IllegalArgumentException("mask must be [B, " + gridHeight + "*" + gridWidth + "], got "
                    + java.util.Arrays.toString(mask.shape()));
        }
        return mask.castTo(DataType.FLOAT).reshape('c', mask.size(0), 1, gridHeight, gridWidth);
    }

    @Override
    public long featureDim() {
        return dim;
    }

    public int inputChannels() {
        return inputChannels;
    }

    /** Height and width of the images the position embeddings are made for. */
    public int imageSize() {
        return imageSize;
    }

    public int patchSize() {
        return patchSize;
    }

    /** The patch grid's side for {@link #imageSize()} (imageSize / patchSize). */
    public int gridSize() {
        return imageSize / patchSize;
    }

    public int dim() {
        return dim;
    }

    public int depth() {
        return depth;
    }

    public int heads() {
        return heads;
    }

    public double mlpRatio() {
        return mlpRatio;
    }

    /** Whether the patch embedding is a convolutional stem (see {@link VisionTransformerBuilder#convStem}). */
    public boolean convStem() {
        return convStem;
    }

    /** How the blocks' {@code qkv} weights started (see {@link VisionTransformerBuilder#qkvInit}). */
    public TransformerBlock.QkvInit qkvInit() {
        return qkvInit;
    }

    public long seed() {
        return seed;
    }

    /**
     * Multiply-add FLOPs (2 per MAC) of the transformer blocks for one image of {@code size} pixels:
     * per block and token the qkv, projection and MLP matrices ({@code 2 N D (3D + D + 2 r D)}), plus
     * the attention products ({@code 4 N^2 D}), with {@code N = 1 + (size/patch)^2}. The patch
     * embedding (a convolution) is not included.
     */
    public double blockFlopsPerImage(int size) {
        long g = size / patchSize;
        double n = 1 + g * g;
        double perBlock = 2 * n * dim * (4.0 * dim + 2 * mlpRatio * dim) + 4 * n * n * dim;
        return depth * perBlock;
    }

    @Override
    public String toString() {
        return "VisionTransformer{inputChannels=" + inputChannels + ", imageSize=" + imageSize + ", patchSize=" + patchSize
                + ", dim=" + dim + ", depth=" + depth + ", heads=" + heads + ", mlpRatio=" + mlpRatio + ", convStem=" + convStem + ", seed=" + seed + "}";
    }
}
