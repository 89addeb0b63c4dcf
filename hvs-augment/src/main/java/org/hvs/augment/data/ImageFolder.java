package org.hvs.augment.data;

import org.hvs.augment.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Reader of a directory with one sub-folder per class (the layout of torchvision's {@code
 * ImageFolder}): {@code dir/cat/a.jpg, dir/dog/b.png}. Classes are the sub-folder names sorted
 * alphabetically (label = position); images are the {@code .jpg}, {@code .jpeg} and {@code .png}
 * files (any case) of each, sorted by name. Hidden entries (starting with a dot) and files with
 * other extensions are ignored (their number is logged at INFO).
 *
 * <p>Every image is decoded with ImageIO, converted to 3-channel RGB (grey is replicated,
 * transparent pixels become black), resized so its <b>shorter side</b> is {@code size} and
 * <b>centre-cropped</b> to {@code size x size} (bilinear; large reductions halve step by step
 * first), so aspect ratios are kept. Decoding runs eagerly on {@link ReadOptions#effectiveThreads()}
 * threads; the result does not depend on the thread count.
 *
 * <p>Errors name the path: a missing directory, a directory without class sub-folders, a class
 * folder without images, an image ImageIO cannot decode. With {@link ReadOptions#skipUnreadable()}
 * undecodable images are skipped, logged at WARN and listed in the {@link ReadReport}; structural
 * problems still fail.
 *
 * <pre>{@code
 * InMemoryDataset pets = ImageFolder.read(Path.of("/data/pets"), 64);
 * }</pre>
 */
public final class ImageFolder {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFolder.class);

    /** File extensions read as images (compared case-insensitively). */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png");

    private ImageFolder() {
    }

    /** Reads {@code dir} with {@link ReadOptions#DEFAULT}, images resized to {@code size x size}. */
    public static InMemoryDataset read(Path dir, int size) {
        return read(dir, size, ReadOptions.DEFAULT);
    }

    /** Reads {@code dir}, images resized to {@code size x size}, named {@code "folder/<dir name>"}. */
    public static InMemoryDataset read(Path dir, int size, ReadOptions options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        if (size < 1) {
            throw new IllegalArgumentException("image size must be >= 1, got " + size);
        }
        List<Path> classDirs = classFolders(dir);
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> fileLabels = new ArrayList<>();
        int ignored = 0;
        for (Path classDir : classDirs) {
            List<Path> entries = list(classDir).stream().filter(p -> !hidden(p) && Files.isRegularFile(p)).toList();
            List<Path> images = entries.stream().filter(ImageFolder::isImageName).toList();
            ignored += entries.size() - images.size();
            if (images.isEmpty()) {
                throw new DataReadException(classDir, "class folder " + classDir + " has no images (expected files ending in "
                        + String.join(", ", EXTENSIONS.stream().sorted().map(e -> "." + e).toList()) + ")");
            }
            for (Path image : images) {
                files.add(image);
                fileLabels.add(classNames.size());
            }
            classNames.add(classDir.getFileName().toString());
        }
        if (ignored > 0) {
            LOG.info("image folder {}: ignored {} files that are not .jpg/.jpeg/.png", dir, ignored);
        }

        Object[] decoded = decodeAll(files, size, options.effectiveThreads());
        List<Image> images = new ArrayList<>(files.size());
        List<Integer> labels = new ArrayList<>(files.size());
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] instanceof DataReadException e) {
                if (!options.skipUnreadable()) {
                    throw e;
                }
                LOG.warn("skipping {}", e.getMessage());
                skipped.add(files.get(i) + ": " + e.getMessage());
            } else {
                images.add((Image) decoded[i]);
                labels.add(fileLabels.get(i));
            }
        }
        if (images.isEmpty()) {
            throw new DataReadException(dir, "image folder " + dir + " has no readable images (" + skipped.size()
                    + " skipped)");
        }
        if (!skipped.isEmpty()) {
            LOG.warn("image folder {}: skipped {} unreadable of {} images", dir, skipped.size(), files.size());
        }
        LOG.info("read {} images of {} classes from {}", images.size(), classNames.size(), dir);
        return InMemoryDataset.of("folder/" + dir.getFileName(), images,
                labels.stream().mapToInt(Integer::intValue).toArray(), classNames, new ReadReport(skipped));
    }

    /**
     * The class sub-folders of {@code dir}, sorted by name.
     *
     * @throws DataReadException if {@code dir} is not a directory or has no (non-hidden) sub-folders
     */
    static List<Path> classFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataReadException(dir, "no such directory: " + dir);
        }
        List<Path> classDirs = list(dir).stream().filter(p -> !hidden(p) && Files.isDirectory(p)).toList();
        if (classDirs.isEmpty()) {
            throw new DataReadException(dir, "image folder " + dir + " has no class sub-folders");
        }
        return classDirs;
    }

    /** The entries of {@code dir} sorted by file name. */
    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new DataReadException(dir, "cannot list directory " + dir + ": " + e, e);
        }
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static boolean isImageName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Per file, its {@link Image} or the {@link DataReadException} decoding it raised. */
    private static Object[] decodeAll(List<Path> files, int size, int threads) {
        Object[] out = new Object[files.size()];
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, files.size()).parallel().forEach(i -> {
                try {
                    out[i] = decode(files.get(i), size);
                } catch (DataReadException e) {
                    out[i] = e;
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding images", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("decoding images failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
        return out;
    }

    /** Decodes one file to a {@code 3 x size x size} image. */
    static Image decode(Path file, int size) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataReadException(file, "cannot decode image " + file + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new DataReadException(file, "cannot decode image " + file + ": no ImageIO decoder recognises its content");
        }
        return BufferedImages.toImage(BufferedImages.shorterSideCentreCrop(img, size), 3);
    }
}
