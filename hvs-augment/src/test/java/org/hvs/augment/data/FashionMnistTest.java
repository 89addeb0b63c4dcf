package org.hvs.augment.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FashionMnistTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsGzippedAndPlainIdxFiles(boolean gzip) throws IOException {
        TestFiles.writeMnistSplit(dir, "train", 12, 3, 4, gzip);
        TestFiles.writeMnistSplit(dir, "t10k", 5, 3, 4, gzip);

        InMemoryDataset train = FashionMnist.train(dir);
        InMemoryDataset test = FashionMnist.test(dir);

        assertEquals(12, train.size());
        assertEquals(5, test.size());
        assertEquals("fashion-mnist/train", train.name());
        assertEquals(FashionMnist.CLASS_NAMES, train.classNames());
        assertEquals(1, train.channels());
        assertEquals(3, train.height());
        assertEquals(4, train.width());
        for (int i = 0; i < 12; i++) {
            assertEquals(i % 10, train.label(i));
        }
        // pixel p of image i is (i * 7 + p) % 256, p = y * cols + x
        assertEquals(((5 * 7 + 2 * 4 + 1) % 256) / 255f, train.image(5).get(0, 2, 1), 1e-7);
        assertEquals(((11 * 7) % 256) / 255f, train.image(11).get(0, 0, 0), 1e-7);
        assertTrue(train.report().isClean());
    }

    @Test
    void acceptsDottedFileNames() throws IOException {
        TestFiles.writeMnistSplit(dir, "t10k", 3, 2, 2, false);
        Files.move(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-images.idx3-ubyte"));
        Files.move(dir.resolve("t10k-labels-idx1-ubyte"), dir.resolve("t10k-labels.idx1-ubyte"));
        assertEquals(3, FashionMnist.test(dir).size());
    }

    @Test
    void missingDirectoryIsNamed() {
        Path missing = dir.resolve("nope");
        DataReadException e = assertThrows(DataReadException.class, () -> FashionMnist.train(missing));
        assertEquals("no such directory: " + missing, e.getMessage());
        assertEquals(missing, e.path());
    }

    @Test
    void missingFileListsAcceptedNames() throws IOException {
        TestFiles.writeMnistSplit(dir, "train", 3, 2, 2, true);
        DataReadException e = assertThrows(DataReadException.class, () -> FashionMnist.test(dir));
        assertTrue(e.getMessage().startsWith("no Fashion-MNIST test images in " + dir), e.getMessage());
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void truncatedPixelDataNamesFileAndByteCounts(boolean gzip) throws IOException {
        TestFiles.writeMnistSplit(dir, "train", 10, 28, 28, gzip);
        byte[] shortPayload = new byte[1000];
        Path images = TestFiles.write(dir.resolve("train-images-idx3-ubyte" + (gzip ? ".gz" : "")),
                TestFiles.idx(0x803, new int[] {10, 28, 28}, shortPayload), gzip);

        DataReadException e = assertThrows(DataReadException.class, () -> FashionMnist.train(dir));
        assertEquals("truncated IDX file " + images + ": expected 7840 bytes of pixel data, got 1000", e.getMessage());
        assertEquals(images, e.path());
    }

    @Test
    void truncatedGzipStreamIsReportedAsTruncated() throws IOException {
        TestFiles.writeMnistSplit(dir, "train", 10, 28, 28, true);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(whole, whole.length / 2));

        DataReadException e = assertThrows(DataReadException.class, () -> FashionMnist.train(dir));
        assertTrue(e.getMessage().startsWith("truncated IDX file " + images + ": expected 7840 bytes of pixel data, got "),
                e.getMessage());
    }

    @Test
    void wrongMagicNumberIsNamed() throws IOException {
        TestFiles.writeMnistSplit(dir, "train", 4, 2, 2, false);
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        // an image file where the labels should be
        TestFiles.write(labels, TestFiles.idx(0x803, new int[] {4, 1, 1}, new byte[4]), false);

        DataReadException e = assertThrows(DataReadException.class, () -> FashionMnist.train(dir));
        assertTrue(e.getMessage().contains(labels + " has magic number 0x00000803, expected 0x00000801"), e.getMessage());
        assertEquals(labels, e.path());
    }

    @Test
    void truncatedHeaderIsNamed() throws IOException {
        TestFiles.writeMnistSplit(dir, "train", 4, 2, 2, false);
        Path images = TestFiles.write(dir.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0}, false);
        DataReadException e = assertThrows(DataReadException.class, () -> FashionMnist.train(dir));
        assertEquals("truncated IDX file " + images + ": the header ends before byte 8", e.getMessage());
    }

    @Test
    void trailingDataIsCorruption() throws IOException {
        TestFiles.writeMnistSplit(dir, "train", 2, 2, 2, false);
        Path images = TestFiles.write(dir.resolve("train-images-idx3-ubyte"),
                TestFiles.idx(0x803, new int[] {2, 2, 2}, new byte[9]), false);
        DataReadException e = assertThrows(DataReadException.class, () -> FashionMnist.train(dir));
        assertTrue(e.getMessage().startsWith("corrupt IDX file " + images), e.getMessage());
    }

    @Test
    void labelCountMismatchNamesBothFiles() throws IOException {
        TestFiles.writeMnistSplit(dir, "train", 4, 2, 2, false);
        Path labels = TestFiles.write(dir.resolve("train-labels-idx1-ubyte"),
                TestFiles.idx(0x801, new int[] {3}, new byte[3]), false);
        DataReadException e = assertThrows(DataReadException.class, () -> FashionMnist.train(dir));
        assertEquals("label file " + labels + " has 3 labels but image file " + dir.resolve("train-images-idx3-ubyte")
                + " has 4 images", e.getMessage());
    }

    @Test
    void labelOutOfRangeIsNamed() throws IOException {
        TestFiles.writeMnistSplit(dir, "train", 2, 2, 2, false);
        Path labels = TestFiles.write(dir.resolve("train-labels-idx1-ubyte"),
                TestFiles.idx(0x801, new int[] {2}, new byte[] {1, 12}), false);
        DataReadException e = assertThrows(DataReadException.class, () -> FashionMnist.train(dir));
        assertEquals("corrupt label file " + labels + ": label 12 of image 1 is outside [0, 10)", e.getMessage());
    }

    @Test
    void readsTheInstalledTestSplitWhenPresent() {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST not installed");
        InMemoryDataset test = FashionMnist.test(FashionMnist.DEFAULT_DIR);
        assertEquals(10_000, test.size());
        assertEquals(28, test.height());
        assertEquals(28, test.width());
        assertEquals(1, test.channels());
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, test.classCounts());
        float max = 0;
        for (float v : test.image(0).data()) {
            max = Math.max(max, v);
        }
        assertTrue(max > 0.5f && max <= 1f, "pixel range of image 0: max " + max);
    }
}
