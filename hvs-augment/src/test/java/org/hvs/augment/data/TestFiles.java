package org.hvs.augment.data;

import org.hvs.augment.Image;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writers of small data files for the reader tests. */
final class TestFiles {

    private TestFiles() {
    }

    /** The bytes of an IDX file: magic, dims, payload. */
    static byte[] idx(int magic, int[] dims, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(payload);
        out.flush();
        return bytes.toByteArray();
    }

    /** Writes {@code content} to {@code file}, gzipped if {@code gzip}. */
    static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    /**
     * Writes a Fashion-MNIST split ({@code prefix} "train" or "t10k") of {@code n} images of
     * {@code rows x cols}: pixel p of image i is {@code (i * 7 + p) % 256}, label {@code i % 10}.
     */
    static void writeMnistSplit(Path dir, String prefix, int n, int rows, int cols, boolean gzip) throws IOException {
        byte[] pixels = new byte[n * rows * cols];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < rows * cols; p++) {
                pixels[i * rows * cols + p] = (byte) ((i * 7 + p) % 256);
            }
        }
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        String gz = gzip ? ".gz" : "";
        write(dir.resolve(prefix + "-images-idx3-ubyte" + gz), idx(0x803, new int[] {n, rows, cols}, pixels), gzip);
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + gz), idx(0x801, new int[] {n}, labels), gzip);
    }

    /** CIFAR-10 records: record r has label {@code labels[r]} and every pixel byte of channel c = {@code 10 * r + c}. */
    static byte[] cifarRecords(int... labels) {
        byte[] out = new byte[labels.length * Cifar10.RECORD_BYTES];
        for (int r = 0; r < labels.length; r++) {
            int off = r * Cifar10.RECORD_BYTES;
            out[off] = (byte) labels[r];
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    out[off + 1 + c * 1024 + p] = (byte) (10 * r + c);
                }
            }
        }
        return out;
    }

    /** Writes a solid-colour RGB image of {@code w x h} as PNG or JPEG (by {@code format}). */
    static Path writeImage(Path file, String format, int w, int h, float r, float g, float b) throws IOException {
        float[] data = new float[3 * w * h];
        for (int i = 0; i < w * h; i++) {
            data[i] = r;
            data[w * h + i] = g;
            data[2 * w * h + i] = b;
        }
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(BufferedImages.toBufferedImage(Image.of(data, 3, h, w)), format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return file;
    }
}
