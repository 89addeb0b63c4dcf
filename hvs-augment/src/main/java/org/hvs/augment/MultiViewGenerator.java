package org.hvs.augment;

import org.hvs.augment.data.ImageDataset;
import org.hvs.augment.recipe.MultiViewRecipe;
import org.hvs.augment.recipe.ViewRecipe;
import org.hvs.augment.transform.Normalization;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Makes the candidate views of a batch: for each image, {@code numViews} global views and
 * {@code numLocal} local crops from a {@link MultiViewRecipe}, stacked into a
 * {@link MultiViewBatch} of normalised {@code [B, C, H, W]} float arrays with every view's
 * parameters and global recipe index.
 *
 * <p>Images are processed in parallel on a fixed pool. Each image's randomness derives only from
 * {@code (seed, epoch, image index)} through a SplitMix64 mix ({@link #imageSeed}): its views are
 * drawn in order (globals 0..N-1, then locals) from one {@link Random} seeded with it, so the same
 * seed gives bit-identical batches whatever the thread count or batch composition.
 * Close the generator to stop its threads.
 *
 * <pre>{@code
 * try (MultiViewGenerator gen = MultiViewGenerator.builder()
 *         .recipe(MultiViewRecipe.of(ViewRecipe.simsiam(32), 4)).seed(42).threads(2).build()) {
 *     MultiViewBatch batch = gen.generate(dataset, new int[] {0, 1, 2, 3}, 0);
 * }
 * }</pre>
 */
public final class MultiViewGenerator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MultiViewGenerator.class);
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final MultiViewRecipe recipe;
    private final long seed;
    private final int threads;
    private final Normalization normalization;
    private final ExecutorService pool;
    private volatile boolean closed;

    private MultiViewGenerator(Builder b) {
        this.recipe = b.recipe;
        this.seed = b.seed;
        this.threads = b.threads;
        this.normalization = b.normalization;
        if (threads > 1) {
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "hvs-views-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.pool = null;
        }
        LOG.debug("multi-view generator: {}, seed {}, {} threads, {}", recipe, seed, threads, normalization);
    }

    public static Builder builder() {
        return new Builder();
    }

    public MultiViewRecipe recipe() {
        return recipe;
    }

    public long seed() {
        return seed;
    }

    public int threads() {
        return threads;
    }

    public Normalization normalization() {
        return normalization;
    }

    /** The seed of image {@code imageIndex}'s views in {@code epoch}: a SplitMix64 mix of the three. */
    public static long imageSeed(long seed, int epoch, int imageIndex) {
        long h = mix64(seed + GOLDEN_GAMMA);
        h = mix64(h ^ ((epoch + 1L) * GOLDEN_GAMMA));
        return mix64(h ^ ((imageIndex + 1L) * 0xd1b54a32d192ed03L));
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * The views of one image, un-normalised: global views 0..N-1, then the local crops. Exactly the
     * views {@link #generate} puts in a batch for this image index and epoch.
     */
    public List<View> views(Image source, int imageIndex, int epoch) {
        Objects.requireNonNull(source, "source");
        Random rng = new Random(imageSeed(seed, epoch, imageIndex));
        List<View> out = new ArrayList<>(recipe.numViews() + recipe.numLocal());
        for (int v = 0; v < recipe.numViews(); v++) {
            out.add(recipe.global(v).make(source, rng));
        }
        ViewRecipe local = recipe.local().orElse(null);
        for (int l = 0; l < recipe.numLocal(); l++) {
            out.add(local.make(source, rng));
        }
        return out;
    }

    /** The views of {@code data}'s images at {@code indices} (their data-set indices seed them). */
    public MultiViewBatch generate(ImageDataset data, int[] indices, int epoch) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(indices, "indices");
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= data.size()) {
                throw new IllegalArgumentException("indices[" + i + "] must be in [0, " + data.size() + "), got "
                        + indices[i]);
            }
        }
        return generate(b -> data.image(indices[b]), indices, epoch);
    }

    /** The views of {@code images}; {@code imageIndices[b]} is image b's data-set index (seeds it). */
    public MultiViewBatch generate(List<Image> images, int[] imageIndices, int epoch) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(imageIndices, "imageIndices");
        if (images.size() != imageIndices.length) {
            throw new IllegalArgumentException("images and imageIndices differ in length: " + images.size() + " and "
                    + imageIndices.length);
        }
        return generate(b -> Objects.requireNonNull(images.get(b), "images[" + b + "]"), imageIndices, epoch);
    }

    private MultiViewBatch generate(IntFunction<Image> source, int[] imageIndices, int epoch) {
        if (closed) {
            throw new IllegalStateException("generator is closed");
        }
        int b = imageIndices.length;
        if (b == 0) {
            throw new IllegalArgumentException("batch must hold at least one image, got 0");
        }
        List<List<View>> perImage = new ArrayList<>(b);
        if (pool == null || b == 1) {
            for (int i = 0; i < b; i++) {
                perImage.add(views(source.apply(i), imageIndices[i], epoch));
            }
        } else {
            List<Future<List<View>>> futures = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                final int s = i;
                futures.add(pool.submit(() -> views(source.apply(s), imageIndices[s], epoch)));
            }
            for (Future<List<View>> f : futures) {
                perImage.add(await(f));
            }
        }
        int n = recipe.numViews();
        int l = recipe.numLocal();
        List<INDArray> globals = new ArrayList<>(n);
        ViewParams[][] gp = new ViewParams[n][b];
        int[] recipeIndex = new int[n];
        for (int v = 0; v < n; v++) {
            globals.add(stack(perImage, v, gp[v], "global", v));
            recipeIndex[v] = recipe.globalRecipeIndex(v);
        }
        List<INDArray> locals = new ArrayList<>(l);
        ViewParams[][] lp = new ViewParams[l][b];
        for (int v = 0; v < l; v++) {
            locals.add(stack(perImage, n + v, lp[v], "local", v));
        }
        return new MultiViewBatch(globals, gp, recipeIndex, locals, lp, imageIndices);
    }

    private INDArray stack(List<List<View>> perImage, int slot, ViewParams[] params, String kind, int v) {
        Image first = perImage.get(0).get(slot).image();
        int c = first.channels();
        int h = first.height();
        int w = first.width();
        int per = c * h * w;
        float[] buf = new float[perImage.size() * per];
        for (int s = 0; s < perImage.size(); s++) {
            View view = perImage.get(s).get(slot);
            Image im = view.image();
            if (im.channels() != c) {
                throw new IllegalArgumentException("image " + s + " of the batch has " + im.channels()
                        + " channels, image 0 has " + c + " (" + kind + " view " + v + ")");
            }
            System.arraycopy(im.data(), 0, buf, s * per, per);
            params[s] = view.params();
        }
        normalization.applyInPlace(buf, c, h * w);
        return Nd4j.create(buf, new long[] {perImage.size(), c, h, w}, 'c');
    }

    private static List<View> await(Future<List<View>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating views", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("view generation failed", cause);
        }
    }

    /** Stops the worker threads; later {@code generate} calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Builder; {@code recipe} is required. */
    public static final class Builder {
        private MultiViewRecipe recipe;
        private long seed;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Normalization normalization = Normalization.NONE;

        private Builder() {
        }

        public Builder recipe(MultiViewRecipe r) {
            this.recipe = Objects.requireNonNull(r, "recipe");
            return this;
        }

        /** Base seed; default 0. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Worker threads, >= 1; default the number of available processors. */
        public Builder threads(int t) {
            this.threads = t;
            return this;
        }

        /** Normalisation applied to the arrays; default {@link Normalization#NONE}. */
        public Builder normalization(Normalization n) {
            this.normalization = Objects.requireNonNull(n, "normalization");
            return this;
        }

        public MultiViewGenerator build() {
            Objects.requireNonNull(recipe, "recipe");
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            return new MultiViewGenerator(this);
        }
    }
}
