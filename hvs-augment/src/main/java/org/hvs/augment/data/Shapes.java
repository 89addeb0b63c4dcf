package org.hvs.augment.data;

import org.hvs.augment.Image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The embedded default data set: coloured geometric shapes drawn procedurally from a seed, no
 * files. Ten classes (circle, square, triangle, cross, ring, star, diamond, hexagon, horizontal
 * bars, vertical bars), each image one shape with random colour, size (radius 18-42% of the image),
 * position, rotation (free, or a +-15 degree jitter where orientation defines the class), on a
 * random background colour with a random linear gradient and Gaussian pixel noise. The shape is
 * drawn with antialiasing as a coverage mask and blended in float precision; values lie in [0, 1].
 * Colours follow a {@link ShapeColours} scheme: {@link ShapeColours#NATURAL} by default (colour
 * varies about as much as colour augmentation spans), {@link ShapeColours#RANDOM_RGB} for the
 * harder variant in which colour is a nuisance no augmentation covers.
 *
 * <p>Image {@code i} has label {@code i % 10} (classes are balanced, also for every prefix) and
 * depends only on the split's seed, the scheme and {@code i}, so generation is parallel, thread-safe
 * and reproducible, and {@code train(seed, n, s)} is a prefix of {@code train(seed, m, s)} for
 * {@code n < m}. Train and test use different seeds derived from {@code seed}, so they are
 * disjoint. Colour carries no class information in either scheme, so a network must learn shape to
 * classify.
 *
 * <p>Difficulty, measured 2026-12-02 (seed 42, 4,000 train / 1,000 test, 32 px, kNN k=20 on the
 * pooled features of the untrained SmallResNet width 16): about 38% with {@code NATURAL}, 14% with
 * {@code RANDOM_RGB} (chance 10%).
 *
 * <pre>{@code
 * InMemoryDataset train = Shapes.train(42, 5000, 32);
 * InMemoryDataset test = Shapes.test(42, 1000, 32);
 * InMemoryDataset hard = Shapes.train(42, 5000, 32, ShapeColours.RANDOM_RGB);
 * }</pre>
 */
public final class Shapes {

    /** Default side length of the images in pixels. */
    public static final int DEFAULT_SIZE = 32;

    /** The smallest supported image side; smaller images cannot show the shapes apart. */
    public static final int MIN_SIZE = 8;

    /** The class names, indexed by label. */
    public static final List<String> CLASS_NAMES =
            Arrays.stream(ShapeKind.values()).map(ShapeKind::displayName).toList();

    private static final long TRAIN_SALT = 0x5452_4149_4E5F_5348L; // "TRAIN_SH"
    private static final long TEST_SALT = 0x5445_5354_5F53_4850L; // "TEST_SHP"

    private Shapes() {
    }

    /** {@code count} training images of {@code size x size} pixels, 3 channels, named {@code "shapes/train"}. */
    public static InMemoryDataset train(long seed, int count, int size) {
        return train(seed, count, size, ShapeColours.NATURAL);
    }

    /** {@code count} test images, from a seed different from {@link #train}'s, named {@code "shapes/test"}. */
    public static InMemoryDataset test(long seed, int count, int size) {
        return test(seed, count, size, ShapeColours.NATURAL);
    }

    /** As {@link #train(long, int, int)} with the colour scheme {@code colours} (named {@code "shapes-rgb/train"} for RANDOM_RGB). */
    public static InMemoryDataset train(long seed, int count, int size, ShapeColours colours) {
        return generate(name(colours) + "/train", mix(seed ^ TRAIN_SALT), count, size, colours);
    }

    /** As {@link #test(long, int, int)} with the colour scheme {@code colours}. */
    public static InMemoryDataset test(long seed, int count, int size, ShapeColours colours) {
        return generate(name(colours) + "/test", mix(seed ^ TEST_SALT), count, size, colours);
    }

    private static String name(ShapeColours colours) {
        return java.util.Objects.requireNonNull(colours, "colours") == ShapeColours.NATURAL ? "shapes" : "shapes-rgb";
    }

    /** {@link #train(long, int, int)} at {@link #DEFAULT_SIZE}. */
    public static InMemoryDataset train(long seed, int count) {
        return train(seed, count, DEFAULT_SIZE);
    }

    /** {@link #test(long, int, int)} at {@link #DEFAULT_SIZE}. */
    public static InMemoryDataset test(long seed, int count) {
        return test(seed, count, DEFAULT_SIZE);
    }

    private static InMemoryDataset generate(String name, long splitSeed, int count, int size, ShapeColours colours) {
        if (count < 1) {
            throw new IllegalArgumentException("shapes count must be >= 1, got " + count);
        }
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("shapes image size must be >= " + MIN_SIZE + ", got " + size);
        }
        Image[] images = new Image[count];
        int[] labels = new int[count];
        IntStream.range(0, count).parallel().forEach(i -> {
            labels[i] = i % CLASS_NAMES.size();
            images[i] = draw(ShapeKind.values()[labels[i]], new SplittableRandom(mix(splitSeed + i)), size, colours);
        });
        return InMemoryDataset.of(name, Arrays.asList(images), labels, CLASS_NAMES);
    }

    /** Draws one image of {@code kind}; all randomness comes from {@code rnd}. */
    static Image draw(ShapeKind kind, SplittableRandom rnd, int size, ShapeColours colours) {
        double r = size * (0.18 + 0.24 * rnd.nextDouble());
        double cx = r + (size - 2 * r) * rnd.nextDouble();
        double cy = r + (size - 2 * r) * rnd.nextDouble();
        double angle = kind.maxRotation() * (2 * rnd.nextDouble() - 1);
        float[] mask = coverage(kind, r, cx, cy, angle, size);

        float[][] bgFg = colours.draw(rnd);
        float[] bg = bgFg[0];
        float[] fg = bgFg[1];
        double gradAngle = 2 * Math.PI * rnd.nextDouble();
        double gradAmp = 0.25 * rnd.nextDouble();
        double gx = Math.cos(gradAngle) * gradAmp / size;
        double gy = Math.sin(gradAngle) * gradAmp / size;
        double noise = 0.06 * rnd.nextDouble();

        int plane = size * size;
        float[] data = new float[3 * plane];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = y * size + x;
                float m = mask[p];
                float shade = (float) ((x - size / 2.0) * gx + (y - size / 2.0) * gy);
                for (int c = 0; c < 3; c++) {
                    float v = (bg[c] + shade) * (1 - m) + fg[c] * m + (float) (noise * gaussian(rnd));
                    data[c * plane + p] = Math.max(0f, Math.min(1f, v));
                }
            }
        }
        return Image.of(data, 3, size, size);
    }

    /** The antialiased coverage of the shape per pixel, in [0, 1]. */
    private static float[] coverage(ShapeKind kind, double r, double cx, double cy, double angle, int size) {
        BufferedImage mask = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = mask.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            AffineTransform at = new AffineTransform();
            at.translate(cx, cy);
            at.rotate(angle);
            g.fill(at.createTransformedShape(kind.outline(r)));
        } finally {
            g.dispose();
        }
        byte[] bytes = ((DataBufferByte) mask.getRaster().getDataBuffer()).getData();
        float[] out = new float[size * size];
        for (int i = 0; i < out.length; i++) {
            out[i] = (bytes[i] & 0xFF) / 255f;
        }
        return out;
    }

    /** A standard normal deviate (Box-Muller; one of the pair is discarded for simplicity). */
    private static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble(); // (0, 1]
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** SplitMix64's finaliser: spreads nearby seeds over the whole 64-bit space. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E509L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
