package org.hvs.examples.cli;

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
import org.hvs.ssl.method.Dino;
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
    static final List<String> METHODS = List.of("simsiam", "simclr", "dino");
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
    final double warmupEpochs;
    final int threads;
    final int localCrops;
    final int localSize;
    final boolean selectLocals;
    final int localCandidates;
    final int compareLimit;
    final int dinoOutDim;
    final String recipe;
    final double cropMinScale;
    final double hvsWarmupEpochs;

    private RunOptions(RunOptions o, String method) {
        this.method = method;
        this.selector = o.selector;
        this.views = o.views;
        this.selectScale = o.selectScale;
        this.data = o.data;
        this.limit = o.limit;
        this.epochs = o.epochs;
        this.batch = o.batch;
        this.seed = o.seed;
        this.width = o.width;
        this.imageSize = o.imageSize;
        this.optimizer = o.optimizer;
        this.lr = o.lr;
        this.weightDecay = o.weightDecay;
        this.warmupEpochs = o.warmupEpochs;
        this.threads = o.threads;
        this.localCrops = o.localCrops;
        this.localSize = o.localSize;
        this.selectLocals = o.selectLocals;
        this.localCandidates = o.localCandidates;
        this.compareLimit = o.compareLimit;
        this.dinoOutDim = o.dinoOutDim;
        this.recipe = o.recipe;
        this.cropMinScale = o.cropMinScale;
        this.hvsWarmupEpochs = o.hvsWarmupEpochs;
    }

    /** The same options for another method (bench runs several). */
    RunOptions withMethod(String m) {
        if (!METHODS.contains(m)) {
            throw new Args.UsageException("--method must be among " + METHODS + ", got '" + m + "'");
        }
        return new RunOptions(this, m);
    }

    RunOptions(Args a) {
        // bench takes a comma-separated list; the shared options are validated for its first entry
        String first = a.string("method", "simclr").toLowerCase(Locale.ROOT).split(",")[0].strip();
        // bench --method none: no method is benched; the shared options still need one
        method = first.equals("none") ? "simclr" : first;
        if (!METHODS.contains(method)) {
            if (method.equals("ibot")) {
                throw new Args.UsageException("--method " + method + " is not available yet in this version; choose one of " + METHODS);
            }
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
        epochs = a.integer("epochs", 10, 1);
        batch = a.integer("batch", 128, 1);
        seed = a.longValue("seed", 42);
        width = a.integer("width", 16, 1);
        imageSize = a.integer("image-size", 32, 8);
        optimizer = a.string("optimizer", method.equals("dino") ? "adamw" : "sgd").toLowerCase(Locale.ROOT);
        if (!optimizer.equals("sgd") && !optimizer.equals("adamw")) {
            throw new Args.UsageException("--optimizer must be sgd or adamw, got '" + optimizer + "'");
        }
        lr = a.real("lr", optimizer.equals("sgd") ? 0.1 : 2e-3, 1e-9, 100);
        weightDecay = a.real("weight-decay", optimizer.equals("sgd") ? 5e-4 : 0.04, 0, 10);
        warmupEpochs = a.real("warmup-epochs", Math.min(1, epochs), 0, epochs);
        threads = a.integer("threads", Runtime.getRuntime().availableProcessors(), 1);
        localCrops = a.integer("local-crops", 2, 0);
        localSize = a.integer("local-size", Math.max(8, imageSize / 2), 4);
        selectLocals = a.flag("select-locals");
        localCandidates = a.integer("local-candidates", 2 * localCrops, localCrops);
        compareLimit = a.integer("compare-limit", 16, 0);
        dinoOutDim = a.integer("dino-out-dim", 1024, 2);
        recipe = a.string("recipe", "auto").toLowerCase(Locale.ROOT);
        // NaN: the recipe's own (0.08 SimCLR, 0.2 SimSiam); on shapes the object covers part of the
        // image and small crops often miss it, so the README's runs use 0.3
        cropMinScale = a.real("crop-min-scale", data.startsWith("shapes") ? 0.3 : Double.NaN, 0.01, 1.0);
        hvsWarmupEpochs = a.real("hvs-warmup-epochs", epochs / 2.0, 0, epochs);
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

    Backbone backbone(int channels, int height, int widthPx) {
        SmallResNet spec = SmallResNet.builder().inputChannels(channels).width(width).seed(seed).build();
        return Backbone.of(spec.build(), channels, height, widthPx);
    }

    SslMethod method(Backbone backbone) {
        return switch (method) {
            case "simclr" -> SimClr.builder().backbone(backbone).build();
            case "dino" -> Dino.builder().backbone(backbone).outDim(dinoOutDim).localCrops(localCrops)
                    .selectLocals(selectLocals, compareLimit).build();
            default -> SimSiam.builder().backbone(backbone).build();
        };
    }

    MultiViewRecipe recipe(int size) {
        if (method.equals("dino")) {
            int generated = selectLocals ? localCandidates : localCrops;
            return MultiViewRecipe.multiCrop(ViewRecipe.dinoGlobal1(size), ViewRecipe.dinoGlobal2(size), views,
                    ViewRecipe.dinoLocal(Math.min(localSize, size)), generated);
        }
        // auto: the papers' CIFAR-10 pipelines (no blur, milder colour) up to 64 px, ImageNet's above
        boolean small = recipe.equals("cifar") || (recipe.equals("auto") && size <= 64);
        ViewRecipe r = switch (method) {
            case "simclr" -> small ? ViewRecipe.simclrCifar(size, scaleOr(0.08)) : ViewRecipe.simclr(size, scaleOr(0.08), 1.0);
            default -> small ? ViewRecipe.simsiamCifar(size, scaleOr(0.2)) : ViewRecipe.simsiam(size, scaleOr(0.2), 1.0);
        };
        return MultiViewRecipe.of(r, views);
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
        m.put("crop_min_scale", Double.isNaN(cropMinScale) ? null : cropMinScale);
        if (method.equals("dino")) {
            m.put("local_crops", localCrops);
            m.put("local_size", localSize);
            m.put("select_locals", selectLocals);
            m.put("local_candidates", selectLocals ? localCandidates : localCrops);
            m.put("compare_limit", compareLimit);
            m.put("dino_out_dim", dinoOutDim);
        }
        return m;
    }
}
