package org.hvs.augment.recipe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A method's view plan: {@code numViews} global candidate views per image, view {@code v} made by
 * {@code globals().get(v % globals().size())}, and {@code numLocal} local crops made by one local
 * recipe. Hard View Selection chooses among the global candidates; the paper's code
 * (automl/hvp {@code MultiCropsTransform}) alternates DINO's/iBOT's global recipes 1 and 2 the
 * same way (even views recipe 1, odd views recipe 2). Global recipes share one output size.
 *
 * <pre>{@code
 * MultiViewRecipe simsiam = MultiViewRecipe.of(ViewRecipe.simsiam(32), 4);
 * MultiViewRecipe dino = MultiViewRecipe.multiCrop(ViewRecipe.dinoGlobal1(224), ViewRecipe.dinoGlobal2(224), 4,
 *         ViewRecipe.dinoLocal(96), 6);
 * }</pre>
 */
public final class MultiViewRecipe {
    private final List<ViewRecipe> globals;
    private final int numViews;
    private final ViewRecipe local;
    private final int numLocal;

    private MultiViewRecipe(List<ViewRecipe> globals, int numViews, ViewRecipe local, int numLocal) {
        this.globals = globals;
        this.numViews = numViews;
        this.local = local;
        this.numLocal = numLocal;
    }

    /**
     * The general plan.
     *
     * @param globals  global recipes, used round-robin; at least one, all of one size
     * @param numViews global candidates per image, >= 2
     * @param local    the local-crop recipe, or null when {@code numLocal == 0}
     * @param numLocal local crops per image, >= 0
     */
    public static MultiViewRecipe of(List<ViewRecipe> globals, int numViews, ViewRecipe local, int numLocal) {
        Objects.requireNonNull(globals, "globals");
        if (globals.isEmpty()) {
            throw new IllegalArgumentException("globals must hold at least one recipe, got 0");
        }
        for (int i = 0; i < globals.size(); i++) {
            Objects.requireNonNull(globals.get(i), "globals[" + i + "]");
            if (globals.get(i).size() != globals.get(0).size()) {
                throw new IllegalArgumentException("global recipes must share one output size, got "
                        + globals.get(0).size() + " (" + globals.get(0).name() + ") and " + globals.get(i).size()
                        + " (" + globals.get(i).name() + ")");
            }
        }
        if (numViews < 2) {
            throw new IllegalArgumentException("views must be >= 2, got " + numViews);
        }
        if (numLocal < 0) {
            throw new IllegalArgumentException("local views must be >= 0, got " + numLocal);
        }
        if (numLocal > 0 && local == null) {
            throw new IllegalArgumentException("a local recipe is required for " + numLocal + " local views");
        }
        return new MultiViewRecipe(List.copyOf(globals), numViews, numLocal > 0 ? local : null, numLocal);
    }

    /** {@code n} global views from one recipe, no local crops (SimSiam, SimCLR). */
    public static MultiViewRecipe of(ViewRecipe recipe, int n) {
        Objects.requireNonNull(recipe, "recipe");
        return of(List.of(recipe), n, null, 0);
    }

    /** {@code n} global views alternating {@code global1}, {@code global2}, plus {@code numLocal} local crops (DINO, iBOT). */
    public static MultiViewRecipe multiCrop(ViewRecipe global1, ViewRecipe global2, int n, ViewRecipe local,
                                            int numLocal) {
        Objects.requireNonNull(global1, "global1");
        Objects.requireNonNull(global2, "global2");
        return of(List.of(global1, global2), n, local, numLocal);
    }

    /** The global recipes, in round-robin order. */
    public List<ViewRecipe> globals() {
        return globals;
    }

    /** Global candidate views per image. */
    public int numViews() {
        return numViews;
    }

    /** Local crops per image. */
    public int numLocal() {
        return numLocal;
    }

    /** The local recipe, empty when there are no local crops. */
    public Optional<ViewRecipe> local() {
        return Optional.ofNullable(local);
    }

    /** Index into {@link #globals()} of the recipe that makes global view {@code v}. */
    public int globalRecipeIndex(int v) {
        if (v < 0 || v >= numViews) {
            throw new IllegalArgumentException("view must be in [0, " + numViews + "), got " + v);
        }
        return v % globals.size();
    }

    /** The recipe that makes global view {@code v}. */
    public ViewRecipe global(int v) {
        return globals.get(globalRecipeIndex(v));
    }

    /** Output size of the global views. */
    public int globalSize() {
        return globals.get(0).size();
    }

    /** Output size of the local crops, 0 when there are none. */
    public int localSize() {
        return local == null ? 0 : local.size();
    }

    @Override
    public String toString() {
        return "MultiViewRecipe[" + numViews + " x " + globals.stream().map(ViewRecipe::name).toList()
                + (numLocal > 0 ? ", " + numLocal + " x " + local.name() : "") + "]";
    }
}
