package org.hvs.augment.bench;

import org.hvs.augment.Image;
import org.hvs.augment.MultiViewBatch;
import org.hvs.augment.MultiViewGenerator;
import org.hvs.augment.recipe.MultiViewRecipe;
import org.hvs.augment.recipe.ViewRecipe;
import org.hvs.augment.transform.Normalization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Views per second of the multi-view generator for a recipe on synthetic images: a few warm-up
 * batches, then the median of several timed batches; a view is one global or local crop, so a
 * batch of B images yields {@code B * (numViews + numLocal)} views.
 *
 * <p>{@code main} prints a table for SimSiam N=4 at 32 px, DINO 4 globals + 6 locals at 32/16 px
 * and at 224/96 px. Arguments: {@code [threads] [batch]} (defaults: available processors, 32).
 *
 * <pre>{@code
 * double vps = ViewThroughput.viewsPerSecond(MultiViewRecipe.of(ViewRecipe.simsiam(32), 4), 32, 32, 2, 2, 5);
 * }</pre>
 */
public final class ViewThroughput {

    private ViewThroughput() {
    }

    /** {@code count} smooth random colour images of {@code size x size} (sums of sinusoids plus noise). */
    public static List<Image> syntheticImages(int count, int size, long seed) {
        Random rng = new Random(seed);
        List<Image> out = new ArrayList<>(count);
        int hw = size * size;
        for (int i = 0; i < count; i++) {
            float[] d = new float[3 * hw];
            for (int c = 0; c < 3; c++) {
                double fx = 1 + rng.nextInt(6);
                double fy = 1 + rng.nextInt(6);
                double ph = rng.nextDouble() * Math.PI * 2;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double v = 0.5 + 0.35 * Math.sin(2 * Math.PI * (fx * x + fy * y) / size + ph)
                                + 0.1 * (rng.nextDouble() - 0.5);
                        d[c * hw + y * size + x] = (float) Math.min(1, Math.max(0, v));
                    }
                }
            }
            out.add(Image.of(d, 3, size, size));
        }
        return out;
    }

    /**
     * Median views per second over {@code runs} timed batches after {@code warmup} untimed ones.
     *
     * @param recipe     the view plan
     * @param sourceSize side of the synthetic source images
     * @param batch      images per batch
     * @param threads    generator threads
     */
    public static double viewsPerSecond(MultiViewRecipe recipe, int sourceSize, int batch, int threads,
                                        int warmup, int runs) {
        Objects.requireNonNull(recipe, "recipe");
        if (batch < 1 || runs < 1 || warmup < 0 || sourceSize < 1) {
            throw new IllegalArgumentException("batch, runs, sourceSize must be >= 1 and warmup >= 0, got batch "
                    + batch + ", runs " + runs + ", sourceSize " + sourceSize + ", warmup " + warmup);
        }
        List<Image> images = syntheticImages(batch, sourceSize, 1);
        int[] idx = new int[batch];
        Arrays.setAll(idx, i -> i);
        int viewsPerBatch = batch * (recipe.numViews() + recipe.numLocal());
        double[] rates = new double[runs];
        try (MultiViewGenerator gen = MultiViewGenerator.builder().recipe(recipe).seed(7).threads(threads)
                .normalization(Normalization.IMAGENET).build()) {
            for (int e = 0; e < warmup; e++) {
                gen.generate(images, idx, e);
            }
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                MultiViewBatch b = gen.generate(images, idx, warmup + r);
                long t1 = System.nanoTime();
                if (b.batchSize() != batch) {
                    throw new IllegalStateException("batch size " + b.batchSize());
                }
                rates[r] = viewsPerBatch / ((t1 - t0) / 1e9);
            }
        }
        Arrays.sort(rates);
        return runs % 2 == 1 ? rates[runs / 2] : 0.5 * (rates[runs / 2 - 1] + rates[runs / 2]);
    }

    /** Prints the benchmark table to standard output. */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        record Case(String name, MultiViewRecipe recipe, int source, int batch) {
        }
        List<Case> cases = List.of(
                new Case("simsiam N=4 @32", MultiViewRecipe.of(ViewRecipe.simsiam(32), 4), 32, batch),
                new Case("dino 4g+6l @32/16", MultiViewRecipe.multiCrop(ViewRecipe.dinoGlobal1(32),
                        ViewRecipe.dinoGlobal2(32), 4, ViewRecipe.dinoLocal(16), 6), 32, batch),
                new Case("dino 4g+6l @224/96", MultiViewRecipe.multiCrop(ViewRecipe.dinoGlobal1(224),
                        ViewRecipe.dinoGlobal2(224), 4, ViewRecipe.dinoLocal(96), 6), 256, Math.max(1, batch / 4)));
        System.out.printf("threads=%d%n%-22s %8s %6s %6s %12s %12s%n", threads, "recipe", "source", "batch",
                "views", "views/s", "images/s");
        for (Case c : cases) {
            double vps = viewsPerSecond(c.recipe(), c.source(), c.batch(), threads, 2, 5);
            int perImage = c.recipe().numViews() + c.recipe().numLocal();
            System.out.printf("%-22s %8d %6d %6d %12.0f %12.1f%n", c.name(), c.source(), c.batch(), perImage, vps,
                    vps / perImage);
        }
    }
}
