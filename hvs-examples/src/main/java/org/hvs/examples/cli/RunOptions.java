package org.hvs.examples.cli;

import org.hvs.augment.MultiViewGenerator;
import org.hvs.augment.data.DataOptions;
import org.hvs.augment.data.DataSpec;
import org.hvs.augment.data.DataSplits;
import org.hvs.augment.recipe.MultiViewRecipe;
import org.hvs.augment.recipe.ViewRecipe;
import org.hvs.core.method.Backbone;
import org.hvs.core.method.SslMethod;
import org.hvs.core.select.ViewSelector;
import org.hvs.core.train.Optimizer;
import org.hvs.ssl.backbone.SmallResNet;
import org.hvs.ssl.backbone.vit.TransformerBlock;
import org.hvs.ssl.backbone.vit.VisionTransformer;
import org.hvs.ssl.mask.BlockMasking;
import org.hvs.ssl.method.Dino;
import org.hvs.ssl.method.Ibot;
import org.hvs.ssl.method.SimClr;
import org.hvs.ssl.method.SimSiam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options shared by {@code pretrain} and {@code bench}: method, selector, views, data,
 * backbone and optimiser, with the defaults of the README's main command.
 */
final class RunOptions {
    static final List<String> METHODS = List.of("simsiam", "simclr", "dino", "ibot");
    static final List<String> BACKBONES = List.of("auto", "resnet", "vit");
    static final List<String> SELECTORS = List.of("random", "hvs", "iou");

    final String method;
    final String selector;
    final int views;
    final double selectScale;
    final String data;
    final int limit;
    final int epochs;
    final int batch;
    final long seed;
    final int width;
    final int imageSize;
    final String optimizer;
    final double lr;
    final double weightDecay;
    final double weightDecayEnd;
    final double warmupEpochs;
    final int threads;
    final int localCrops;
    final int localSize;
    final boolean selectLocals;
    final int localCandidates;
    final int compareLimit;
    final boolean scoreLocals;
    final int dinoOutDim;
    final boolean dinoHeadBn;
    final double teacherTemp;
    final double teacherMomentum;
    final double teacherMomentumEnd;
    final String recipe;
    final double cropMinScale;
    final double hvsWarmupEpochs;
    final double hue;
    final double grayscale;
    final boolean selectionTrainMode;
    final String backboneKind;
    final int vitDim;
    final int vitDepth;
    final int vitHeads;
    final int patchSize;
    final boolean convStem;
    final TransformerBlock.QkvInit qkvInit;
    final double maskProbability;
    final double patchWeight;
    final boolean separatePatchHead;
    private final Args args;
    private final int defaultBatch;

    /**
     * The default batch size of {@code pretrain}. On {@code shapes} SimSiam learns more per image at 64
     * than at 128 (kNN top-1 after 4 epochs of random views: 70.6% at 64, 52.0% at 128), and the main job
     * stays under 5 minutes on 2 cores.
     */
    static final int DEFAULT_BATCH = 64;

    /** The default epochs of {@code pretrain}: 8 of batch 64 keep the main job under 5 minutes on 2 cores. */
    static final int DEFAULT_EPOCHS = 8;

    /**
     * The same command line for another method (bench runs several): parsed again, so that each method
     * gets its own defaults (backbone, optimiser, head) where the user gave none, as {@code pretrain}
     * would give them.
     */
    RunOptions withMethod(String m) {
        if (!METHODS.contains(m)) {
            throw new Args.UsageException("--method must be among " + METHODS + ", got '" + m + "'");
        }
        return new RunOptions(args.with("method", m), defaultBatch);
    }

    /** The pretrain defaults: SimSiam, batch 64 (the README's main job). */
    RunOptions(Args a) {
        this(a, DEFAULT_BATCH);
    }

    /** As {@link #RunOptions(Args)} with another default batch size (bench times steps of 128). */
    RunOptions(Args a, int defaultBatch) {
        this.args = a;
        this.defaultBatch = defaultBatch;
        // bench takes a comma-separated list; the shared options are validated for its first entry
        String first = a.string("method", "simsiam").toLowerCase(Locale.ROOT).split(",")[0].strip();
        // bench --method none: no method is benched; the shared options still need one
        method = first.equals("none") ? "simsiam" : first;
        if (!METHODS.contains(method)) {
            throw new Args.UsageException("--method must be one of " + METHODS + ", got '" + method + "'");
        }
        selector = a.string("selector", "hvs").toLowerCase(Locale.ROOT);
        if (!SELECTORS.contains(selector)) {
            throw new Args.UsageException("--selector must be one of " + SELECTORS + ", got '" + selector + "'");
        }
        views = a.integer("views", 4, 2);
        selectScale = a.real("select-scale", 1.0, 1e-6, 1.0);
        data = a.string("data", "shapes");
        limit = a.integer("limit", 4000, 1);
        epochs = a.integer("epochs", DEFAULT_EPOCHS, 1);
        batch = a.integer("batch", defaultBatch, 1);
        seed = a.longValue("seed", 42);
        width = a.integer("width", 16, 1);
        imageSize = a.integer("image-size", 32, 8);
        backboneKind = a.string("backbone", "auto").toLowerCase(Locale.ROOT);
        if (!BACKBONES.contains(backboneKind)) {
            throw new Args.UsageException("--backbone must be resnet or vit, got '" + backboneKind + "'");
        }
        // DINO and iBOT follow the reference recipe of their backbone: facebookresearch/dino's ViT
        // settings (AdamW, weight decay 0.04 -> 0.4, K 1024 here, teacher 0.04 -> 0.07, momentum 0.996)
        // or its ResNet settings (SGD, constant small weight decay, BN in the head), which on small
        // data want a smaller K, a fixed sharp teacher (0.04) and a teacher that keeps following (momentum 0.98, not
        // annealed to 1: on short runs the annealed teacher freezes and ends behind the student)
        boolean distillation = method.equals("dino") || method.equals("ibot");
        boolean vit = backboneKind().equals("vit");
        optimizer = a.string("optimizer", distillation && vit ? "adamw" : "sgd").toLowerCase(Locale.ROOT);
        if (!optimizer.equals("sgd") && !optimizer.equals("adamw")) {
            throw new Args.UsageException("--optimizer must be sgd or adamw, got '" + optimizer + "'");
        }
        lr = a.real("lr", optimizer.equals("sgd") ? 0.1 : 2e-3, 1e-9, 100);
        boolean userDecay = a.has("weight-decay");
        weightDecay = a.real("weight-decay", optimizer.equals("sgd") ? 5e-4 : 0.04, 0, 10);
        // DINO's cosine weight-decay schedule (distillation methods only); constant unless asked
        weightDecayEnd = a.real("weight-decay-end",
                distillation && optimizer.equals("adamw") && !userDecay ? 0.4 : weightDecay, 0, 10);
        warmupEpochs = a.real("warmup-epochs", Math.min(1, epochs), 0, epochs);
        threads = a.integer("threads", Runtime.getRuntime().availableProcessors(), 1);
        localCrops = a.integer("local-crops", 2, 0);
        localSize = a.integer("local-size", Math.max(8, imageSize / 2), 4);
        selectLocals = a.flag("select-locals");
        localCandidates = a.integer("local-candidates", 2 * localCrops, localCrops);
        compareLimit = a.integer("compare-limit", 16, 0);
        // the paper's code scores a pair with the fixed locals' terms too; on shapes that picks higher-IoU pairs
        scoreLocals = a.flag("score-locals", selectLocals);
        dinoOutDim = a.integer("dino-out-dim", vit ? 1024 : 256, 2);
        dinoHeadBn = a.flag("dino-head-bn", !vit);
        teacherTemp = a.real("teacher-temp", vit ? 0.07 : 0.04, 1e-3, 10);
        teacherMomentum = a.real("teacher-momentum", vit ? 0.996 : 0.98, 0, 1);
        // DINO's cosine to 1 (ViT); constant for the short ResNet runs, so the teacher keeps following
        teacherMomentumEnd = a.real("teacher-momentum-end", vit ? 1.0 : teacherMomentum, 0, 1);
        recipe = a.string("recipe", "auto").toLowerCase(Locale.ROOT);
        // NaN: the recipe's own (0.08 SimCLR, 0.2 SimSiam); on shapes the object covers part of the
        // image and small crops often miss it, so the README's runs use 0.3; DINO and iBOT keep their
        // global crops' own (0.4 and 0.14) unless it is given
        cropMinScale = a.real("crop-min-scale", data.startsWith("shapes") && !distillation ? 0.3 : Double.NaN, 0.01, 1.0);
        hvsWarmupEpochs = a.real("hvs-warmup-epochs", epochs / 2.0, 0, epochs);
        // NaN: the recipe's own colour augmentation
        hue = a.real("hue", Double.NaN, 0, 0.5);
        grayscale = a.real("grayscale", Double.NaN, 0, 1);
        // BN in the HVS scoring forward: batch statistics (the paper's code) or running averages (cheaper)
        String selectionBn = a.string("selection-bn", "batch").toLowerCase(Locale.ROOT);
        if (!selectionBn.equals("batch") && !selectionBn.equals("running")) {
            throw new Args.UsageException("--selection-bn must be batch or running, got '" + selectionBn + "'");
        }
        selectionTrainMode = selectionBn.equals("batch");
        vitDim = a.integer("vit-dim", 96, 1);
        vitDepth = a.integer("vit-depth", 4, 1);
        vitHeads = a.integer("vit-heads", 3, 1);
        patchSize = a.integer("patch", 4, 1);
        String stem = a.string("vit-stem", "patch").toLowerCase(Locale.ROOT);
        if (!stem.equals("patch") && !stem.equals("conv")) {
            throw new Args.UsageException("--vit-stem must be patch or conv, got '" + stem + "'");
        }
        convStem = stem.equals("conv");
        String qkv = a.string("vit-qkv-init", "xavier").toLowerCase(Locale.ROOT);
        if (!qkv.equals("xavier") && !qkv.equals("trunc")) {
            throw new Args.UsageException("--vit-qkv-init must be xavier or trunc, got '" + qkv + "'");
        }
        qkvInit = qkv.equals("xavier") ? TransformerBlock.QkvInit.XAVIER_UNIFORM : TransformerBlock.QkvInit.TRUNC_NORMAL;
        if (convStem && (patchSize < 2 || Integer.bitCount(patchSize) != 1)) {
            throw new Args.UsageException("--vit-stem conv needs a power-of-two --patch >= 2, got " + patchSize);
        }
        if (vitDim % vitHeads != 0) {
            throw new Args.UsageException("--vit-heads must divide --vit-dim, got " + vitHeads + " heads for dim " + vitDim);
        }
        maskProbability = a.real("mask-probability", 0.5, 0, 1);
        patchWeight = a.real("patch-weight", 1.0, 0, 100);
        separatePatchHead = a.flag("separate-patch-head");
        checkBackbone();
        if (selectLocals && !scoreLocals) {
            throw new Args.UsageException("--select-locals scores the locals it selects: drop --score-locals false");
        }
        if (method.equals("ibot") && selectLocals) {
            throw new Args.UsageException("--select-locals is DINO's: iBOT selects global pairs only");
        }
        if (!List.of("auto", "imagenet", "cifar").contains(recipe)) {
            throw new Args.UsageException("--recipe must be auto, imagenet or cifar, got '" + recipe + "'");
        }
        if (method.equals("simclr") && batch < 2) {
            throw new Args.UsageException("--batch must be >= 2 for simclr (negatives come from the other samples), got " + batch);
        }
    }

    DataSplits openData() {
        return DataSpec.parse(data).open(DataOptions.builder().imageSize(imageSize).limit(limit).seed(seed)
                .threads(threads).build());
    }

    Optimizer optimizer() {
        return optimizer.equals("sgd") ? Optimizer.sgd(lr, 0.9, weightDecay) : Optimizer.adamW(lr, weightDecay);
    }

    /** The selector, after {@code hvsWarmupEpochs} of random views (none for random). */
    ViewSelector selector(String name, int stepsPerEpoch) {
        ViewSelector s = switch (name) {
            case "random" -> ViewSelector.random();
            case "iou" -> ViewSelector.iou();
            default -> ViewSelector.hard(selectScale);
        };
        long warm = Math.round(hvsWarmupEpochs * stepsPerEpoch);
        return name.equals("random") || warm == 0 ? s : ViewSelector.afterWarmup(s, warm);
    }

    ViewSelector selector(String name) {
        return selector(name, 1);
    }

    /** The backbone kind for this method: {@code --backbone}, or with {@code auto} a ViT for iBOT and a ResNet otherwise. */
    String backboneKind() {
        return backboneKind.equals("auto") ? (method.equals("ibot") ? "vit" : "resnet") : backboneKind;
    }

    private void checkBackbone() {
        if (method.equals("ibot") && backboneKind().equals("resnet")) {
            throw new Args.UsageException("--method ibot needs --backbone vit (masked patch tokens), got resnet");
        }
    }

    Backbone backbone(int channels, int height, int widthPx) {
        if (backboneKind().equals("vit")) {
            if (height != widthPx || height % patchSize != 0) {
                throw new Args.UsageException("--backbone vit needs square images whose side is a multiple of --patch "
                        + patchSize + ", got " + height + "x" + widthPx);
            }
            VisionTransformer vit = VisionTransformer.tiny().inputChannels(channels).imageSize(height).patchSize(patchSize)
                    .dim(vitDim).depth(vitDepth).heads(vitHeads).convStem(convStem).qkvInit(qkvInit).seed(seed).build();
            return Backbone.of(vit.build(), channels, height, widthPx);
        }
        SmallResNet spec = SmallResNet.builder().inputChannels(channels).width(width).seed(seed).build();
        return Backbone.of(spec.build(), channels, height, widthPx);
    }

    SslMethod method(Backbone backbone) {
        return switch (method) {
            case "simclr" -> SimClr.builder().backbone(backbone).selectionTrainMode(selectionTrainMode).build();
            case "dino" -> Dino.builder().backbone(backbone).outDim(dinoOutDim).localCrops(localCrops)
                    .selectLocals(selectLocals, compareLimit).scoreLocals(scoreLocals).headBn(dinoHeadBn)
                    .teacherTemp(Math.min(0.04, teacherTemp), teacherTemp, 0.3).teacherMomentum(teacherMomentum, teacherMomentumEnd)
                    .weightDecay(weightDecay, weightDecayEnd).selectionTrainMode(selectionTrainMode).build();
            case "ibot" -> Ibot.builder().backbone(backbone).outDim(dinoOutDim).localCrops(localCrops).scoreLocals(scoreLocals)
                    .headBn(dinoHeadBn)
                    .sharedHead(!separatePatchHead)
                    .masking(BlockMasking.builder().probability(maskProbability).seed(seed).build())
                    .lambdas(1.0, patchWeight)
                    // --teacher-temp sets the patch teacher's too (iBOT's defaults are the same pair)
                    .teacherTemp(Math.min(0.04, teacherTemp), teacherTemp, 0.3)
                    .patchTeacherTemp(Math.min(0.04, teacherTemp), teacherTemp)
                    .teacherMomentum(teacherMomentum, teacherMomentumEnd)
                    .weightDecay(weightDecay, weightDecayEnd).selectionTrainMode(selectionTrainMode).build();
            default -> SimSiam.builder().backbone(backbone).selectionTrainMode(selectionTrainMode).build();
        };
    }

    /** A view generator for this run's recipe at {@code --image-size}, seed and {@code --threads}. */
    MultiViewGenerator viewGenerator() {
        return MultiViewGenerator.builder().recipe(recipe(imageSize)).seed(seed).threads(threads).build();
    }

    MultiViewRecipe recipe(int size) {
        if (method.equals("dino")) {
            int generated = selectLocals ? localCandidates : localCrops;
            return MultiViewRecipe.multiCrop(colour(ViewRecipe.dinoGlobal1(size, scaleOr(0.4), 1.0)),
                    colour(ViewRecipe.dinoGlobal2(size, scaleOr(0.4), 1.0)),
                    views, colour(ViewRecipe.dinoLocal(Math.min(localSize, size))), generated);
        }
        if (method.equals("ibot")) {
            return MultiViewRecipe.multiCrop(colour(ViewRecipe.ibotGlobal1(size, scaleOr(0.14), 1.0)),
                    colour(ViewRecipe.ibotGlobal2(size, scaleOr(0.14), 1.0)),
                    views, colour(ViewRecipe.ibotLocal(Math.min(localSize, size))), localCrops);
        }
        // auto: the papers' CIFAR-10 pipelines (no blur, milder colour) up to 64 px, ImageNet's above
        boolean small = recipe.equals("cifar") || (recipe.equals("auto") && size <= 64);
        boolean simclr = method.equals("simclr");
        double scale = scaleOr(simclr ? 0.08 : 0.2);
        ViewRecipe r = simclr
                ? (small ? ViewRecipe.simclrCifar(size, scale) : ViewRecipe.simclr(size, scale, 1.0))
                : (small ? ViewRecipe.simsiamCifar(size, scale) : ViewRecipe.simsiam(size, scale, 1.0));
        return MultiViewRecipe.of(colour(r), views);
    }

    /** {@code r} with {@code --hue} and {@code --grayscale} where given (every method's recipes take them). */
    private ViewRecipe colour(ViewRecipe r) {
        if (Double.isNaN(hue) && Double.isNaN(grayscale)) {
            return r;
        }
        ViewRecipe.Builder b = r.toBuilder();
        if (!Double.isNaN(hue)) {
            b.hue(hue);
        }
        if (!Double.isNaN(grayscale)) {
            b.grayscale(grayscale);
        }
        return b.build();
    }

    private double scaleOr(double recipeDefault) {
        return Double.isNaN(cropMinScale) ? recipeDefault : cropMinScale;
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("selector", selector);
        m.put("views", views);
        m.put("select_scale", selectScale);
        m.put("data", data);
        m.put("limit", limit);
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("seed", seed);
        m.put("width", width);
        m.put("image_size", imageSize);
        m.put("optimizer", optimizer().toString());
        m.put("recipe", recipe(imageSize).global(0).name());
        m.put("hvs_warmup_epochs", hvsWarmupEpochs);
        m.put("selection_bn", selectionTrainMode ? "batch" : "running");
        m.put("crop_min_scale", Double.isNaN(cropMinScale) ? null : cropMinScale);
        m.put("backbone", backboneKind());
        if (backboneKind().equals("vit")) {
            m.put("vit_dim", vitDim);
            m.put("vit_depth", vitDepth);
            m.put("vit_heads", vitHeads);
            m.put("patch", patchSize);
            m.put("vit_stem", convStem ? "conv" : "patch");
            m.put("vit_qkv_init", qkvInit == TransformerBlock.QkvInit.XAVIER_UNIFORM ? "xavier" : "trunc");
        }
        if (method.equals("ibot")) {
            m.put("local_crops", localCrops);
            m.put("local_size", localSize);
            m.put("dino_out_dim", dinoOutDim);
            m.put("teacher_temp", teacherTemp);
            m.put("teacher_momentum", teacherMomentum);
            m.put("teacher_momentum_end", teacherMomentumEnd);
            m.put("weight_decay_end", weightDecayEnd);
            m.put("mask_probability", maskProbability);
            m.put("patch_weight", patchWeight);
            m.put("dino_head_bn", dinoHeadBn);
            m.put("shared_head", !separatePatchHead);
        }
        if (method.equals("dino")) {
            m.put("local_crops", localCrops);
            m.put("local_size", localSize);
            m.put("select_locals", selectLocals);
            m.put("local_candidates", selectLocals ? localCandidates : localCrops);
            m.put("compare_limit", compareLimit);
            m.put("score_locals", scoreLocals);
            m.put("dino_out_dim", dinoOutDim);
            m.put("dino_head_bn", dinoHeadBn);
            m.put("teacher_temp", teacherTemp);
            m.put("teacher_momentum", teacherMomentum);
            m.put("teacher_momentum_end", teacherMomentumEnd);
            m.put("weight_decay_end", weightDecayEnd);
        }
        return m;
    }
}
