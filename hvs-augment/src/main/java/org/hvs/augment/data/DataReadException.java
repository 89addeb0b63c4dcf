package org.hvs.augment.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A data source could not be read: a missing directory, a truncated or corrupt file, an image no
 * decoder recognises. The message always names the file or directory and what was wrong, e.g.
 * {@code "truncated IDX file /d/train-images-idx3-ubyte.gz: expected 47040000 bytes of pixel data, got 1000"}.
 *
 * <pre>{@code
 * try {
 *     FashionMnist.train(dir);
 * } catch (DataReadException e) {
 *     log.error("cannot read {}: {}", e.path(), e.getMessage());
 * }
 * }</pre>
 */
public class DataReadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /** A failure to read {@code path}; {@code message} names the path and the problem. */
    public DataReadException(Path path, String message) {
        this(path, message, null);
    }

    /** As {@link #DataReadException(Path, String)}, keeping the underlying cause. */
    public DataReadException(Path path, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.path = Objects.requireNonNull(path, "path");
    }

    /** The file or directory that could not be read. */
    public Path path() {
        return path;
    }
}
