package org.hvs.augment.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Package-private reader of unsigned-byte IDX files (the MNIST format: a big-endian magic number
 * {@code 0x000008NN} with NN dimensions, NN big-endian int sizes, then the bytes), plain or gzipped
 * (detected from the content, not the name). Every failure is a {@link DataReadException} naming the file.
 *
 * @param dims the sizes, e.g. {@code [60000, 28, 28]}
 * @param data the payload bytes, {@code prod(dims)} of them
 */
record IdxFile(int[] dims, byte[] data) {

    /** Magic number of an unsigned-byte IDX file with one dimension (labels). */
    static final int LABELS_MAGIC = 0x0000_0801;
    /** Magic number of an unsigned-byte IDX file with three dimensions (images). */
    static final int IMAGES_MAGIC = 0x0000_0803;

    /**
     * Reads {@code file}, which must carry {@code expectedMagic}.
     *
     * @param what what the payload is, for messages: {@code "pixel data"} or {@code "label data"}
     */
    static IdxFile read(Path file, int expectedMagic, String what) {
        try (InputStream in = open(file)) {
            DataInputStream din = new DataInputStream(in);
            int magic = readHeaderInt(din, file, 0);
            if (magic != expectedMagic) {
                throw new DataReadException(file, String.format(
                        "not an IDX file with %d dimension(s) of unsigned bytes: %s has magic number 0x%08X, expected 0x%08X",
                        expectedMagic & 0xFF, file, magic, expectedMagic));
            }
            int[] dims = new int[expectedMagic & 0xFF];
            long expected = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = readHeaderInt(din, file, 4 + 4 * i);
                if (dims[i] <= 0) {
                    throw new DataReadException(file, "corrupt IDX file " + file + ": dimension " + i
                            + " must be positive, got " + dims[i]);
                }
                expected *= dims[i];
            }
            if (expected > Integer.MAX_VALUE - 16) {
                throw new DataReadException(file, "corrupt IDX file " + file + ": " + expected + " bytes of " + what
                        + " is more than this reader supports");
            }
            byte[] data = new byte[(int) expected];
            int got = readAll(in, data);
            if (got < data.length) {
                throw new DataReadException(file, "truncated IDX file " + file + ": expected " + expected + " bytes of "
                        + what + ", got " + got);
            }
            if (in.read() != -1) {
                throw new DataReadException(file, "corrupt IDX file " + file + ": data continues after the " + expected
                        + " bytes of " + what + " its header announces");
            }
            return new IdxFile(dims, data);
        } catch (DataReadException e) {
            throw e;
        } catch (IOException e) {
            throw new DataReadException(file, "cannot read IDX file " + file + ": " + e, e);
        }
    }

    /** Opens {@code file}, decompressing when it starts with the gzip signature. */
    private static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataReadException(file, "no such file: " + file);
        }
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (IOException e) {
                in.close();
                throw e;
            }
        }
        return in;
    }

    private static int readHeaderInt(DataInputStream in, Path file, int offset) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataReadException(file, "truncated IDX file " + file + ": the header ends before byte "
                    + (offset + 4), e);
        }
    }

    /** Reads until {@code buf} is full or the stream ends (an abrupt end of gzip data counts as the end). */
    private static int readAll(InputStream in, byte[] buf) throws IOException {
        int got = 0;
        try {
            while (got < buf.length) {
                int n = in.read(buf, got, buf.length - got);
                if (n < 0) {
                    break;
                }
                got += n;
            }
        } catch (EOFException e) {
            // GZIPInputStream: "Unexpected end of ZLIB input stream" -- a truncated .gz file
        }
        return got;
    }
}
