package org.hvs.augment;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Objects;

/**
 * The candidate views of a batch of images: {@code numViews()} global views per image (the
 * candidates Hard View Selection chooses among) and {@code numLocalViews()} local crops per image
 * (multi-crop methods such as DINO), each as an ND4J batch {@code [B, C, H, W]}, plus the
 * parameters that made every view.
 *
 * <p>Global view {@code v} of every image was made by recipe {@code globalRecipeIndex(v)} (DINO
 * alternates recipes 1 and 2: even views recipe index 0, odd views 1).
 */
public final class MultiViewBatch {
    private final List<INDArray> globals;
    private final List<INDArray> locals;
    private final ViewParams[][] globalParams; // [view][sample]
    private final ViewParams[][] localParams;  // [view][sample]
    private final int[] globalRecipeIndex;
    private final int[] imageIndices;

    /**
     * @param globals           one {@code [B, C, H, W]} array per global candidate view
     * @param globalParams      {@code [view][sample]} parameters of the global views
     * @param globalRecipeIndex per global view, the index of the recipe that made it
     * @param locals            one {@code [B, C, h, w]} array per local crop (may be empty)
     * @param localParams       {@code [view][sample]} parameters of the local crops
     * @param imageIndices      the data-set index of each sample
     */
    public MultiViewBatch(List<INDArray> globals, ViewParams[][] globalParams, int[] globalRecipeIndex,
                          List<INDArray> locals, ViewParams[][] localParams, int[] imageIndices) {
        this.globals = List.copyOf(Objects.requireNonNull(globals, "globals"));
        this.locals = List.copyOf(Objects.requireNonNull(locals, "locals"));
        this.globalParams = Objects.requireNonNull(globalParams, "globalParams");
        this.localParams = Objects.requireNonNull(localParams, "localParams");
        this.globalRecipeIndex = Objects.requireNonNull(globalRecipeIndex, "globalRecipeIndex").clone();
        this.imageIndices = Objects.requireNonNull(imageIndices, "imageIndices").clone();
        if (this.globals.isEmpty()) {
            throw new IllegalArgumentException("a multi-view batch needs at least one global view");
        }
        int b = imageIndices.length;
        if (globalParams.length != this.globals.size() || globalRecipeIndex.length != this.globals.size()) {
            throw new IllegalArgumentException("globals, globalParams and globalRecipeIndex differ in length: "
                    + this.globals.size() + ", " + globalParams.length + ", " + globalRecipeIndex.length);
        }
        if (localParams.length != this.locals.size()) {
            throw new IllegalArgumentException("locals and localParams differ in length: "
                    + this.locals.size() + ", " + localParams.length);
        }
        for (int v = 0; v < this.globals.size(); v++) {
            checkView("global", v, this.globals.get(v), globalParams[v], b);
        }
        for (int v = 0; v < this.locals.size(); v++) {
            checkView("local", v, this.locals.get(v), localParams[v], b);
        }
    }

    private static void checkView(String kind, int v, INDArray arr, ViewParams[] params, int b) {
        if (arr.rank() != 4 || arr.size(0) != b) {
            throw new IllegalArgumentException(kind + " view " + v + " must be [" + b + ", C, H, W], got "
                    + java.util.Arrays.toString(arr.shape()));
        }
        if (params.length != b) {
            throw new IllegalArgumentException(kind + " view " + v + " has " + params.length
                    + " parameter entries for " + b + " samples");
        }
    }

    public int batchSize() {
        return imageIndices.length;
    }

    /** Number of global candidate views per image. */
    public int numViews() {
        return globals.size();
    }

    public int numLocalViews() {
        return locals.size();
    }

    /** Global view {@code v} of every image, {@code [B, C, H, W]}. */
    public INDArray view(int v) {
        return globals.get(v);
    }

    /** Local crop {@code l} of every image, {@code [B, C, h, w]}. */
    public INDArray localView(int l) {
        return locals.get(l);
    }

    public List<INDArray> views() {
        return globals;
    }

    public List<INDArray> localViews() {
        return locals;
    }

    public ViewParams params(int view, int sample) {
        return globalParams[view][sample];
    }

    public ViewParams localParams(int view, int sample) {
        return localParams[view][sample];
    }

    /** Index of the recipe that made global view {@code v} (0 for single-recipe methods). */
    public int globalRecipeIndex(int v) {
        return globalRecipeIndex[v];
    }

    /** The data-set index of sample {@code b}. */
    public int imageIndex(int b) {
        return imageIndices[b];
    }

    public int[] imageIndices() {
        return imageIndices.clone();
    }

    /** IoU of the crop boxes of global views i and j of sample b. */
    public double iou(int i, int j, int b) {
        return globalParams[i][b].box().iou(globalParams[j][b].box());
    }

    /**
     * The same views with every array replaced by {@code f(array)} (e.g. downscaled for cheaper
     * selection); parameters unchanged.
     */
    public MultiViewBatch mapArrays(java.util.function.UnaryOperator<INDArray> f) {
        return new MultiViewBatch(globals.stream().map(f).toList(), globalParams, globalRecipeIndex,
                locals.stream().map(f).toList(), localParams, imageIndices);
    }
}
