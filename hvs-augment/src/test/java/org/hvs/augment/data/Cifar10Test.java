package org.hvs.augment.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Cifar10Test {

    @TempDir
    Path dir;

    @Test
    void readsThreeRecordsInChwOrder() throws IOException {
        TestFiles.write(dir.resolve("data_batch_1.bin"), TestFiles.cifarRecords(3, 0, 9), false);

        InMemoryDataset train = Cifar10.train(dir);

        assertEquals(3, train.size());
        assertEquals("cifar10/train", train.name());
        assertEquals(Cifar10.CLASS_NAMES, train.classNames());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertEquals(32, train.width());
        assertEquals(3, train.label(0));
        assertEquals(0, train.label(1));
        assertEquals(9, train.label(2));
        // record r, channel c holds byte 10 r + c everywhere
        assertEquals(20 / 255f, train.image(2).get(0, 31, 0), 1e-7);
        assertEquals(21 / 255f, train.image(2).get(1, 5, 17), 1e-7);
        assertEquals(12 / 255f, train.image(1).get(2, 0, 31), 1e-7);
        assertTrue(train.report().isClean());
    }

    @Test
    void readsAllBatchesInOrderAndTheTestBatch() throws IOException {
        for (int b = 1; b <= 5; b++) {
            TestFiles.write(dir.resolve("data_batch_" + b + ".bin"), TestFiles.cifarRecords(b), false);
        }
        TestFiles.write(dir.resolve("test_batch.bin"), TestFiles.cifarRecords(7, 8), false);

        InMemoryDataset train = Cifar10.train(dir);
        InMemoryDataset test = Cifar10.test(dir);

        assertEquals(5, train.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1, train.label(i));
        }
        assertEquals(2, test.size());
        assertEquals("cifar10/test", test.name());
        assertEquals(8, test.label(1));
    }

    @Test
    void classNamesComeFromTheMetaFile() throws IOException {
        TestFiles.write(dir.resolve("test_batch.bin"), TestFiles.cifarRecords(1), false);
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        Files.writeString(dir.resolve("batches.meta.txt"), String.join("\n", names) + "\n\n");
        assertEquals(names, Cifar10.test(dir).classNames());
    }

    @Test
    void findsTheUnpackedSubdirectory() throws IOException {
        TestFiles.write(dir.resolve("cifar-10-batches-bin/test_batch.bin"), TestFiles.cifarRecords(4), false);
        assertEquals(4, Cifar10.test(dir).label(0));
    }

    @Test
    void missingDirectoryIsNamed() {
        Path missing = dir.resolve("absent");
        DataReadException e = assertThrows(DataReadException.class, () -> Cifar10.train(missing));
        assertEquals("no such directory: " + missing, e.getMessage());
    }

    @Test
    void directoryWithoutBatchesIsNamed() {
        DataReadException e = assertThrows(DataReadException.class, () -> Cifar10.train(dir));
        assertEquals("no CIFAR-10 training batches in " + dir + ": expected data_batch_1.bin .. data_batch_5.bin",
                e.getMessage());
        DataReadException t = assertThrows(DataReadException.class, () -> Cifar10.test(dir));
        assertEquals("no CIFAR-10 test batch in " + dir + ": expected test_batch.bin", t.getMessage());
    }

    @Test
    void truncatedBatchIsNamed() throws IOException {
        byte[] records = TestFiles.cifarRecords(1, 2);
        Path batch = TestFiles.write(dir.resolve("test_batch.bin"), Arrays.copyOf(records, 5000), false);
        DataReadException e = assertThrows(DataReadException.class, () -> Cifar10.test(dir));
        assertEquals("truncated CIFAR-10 batch " + batch + ": 5000 bytes is not a positive multiple of the 3073-byte record",
                e.getMessage());
        assertEquals(batch, e.path());
    }

    @Test
    void labelOutOfRangeIsNamed() throws IOException {
        Path batch = TestFiles.write(dir.resolve("data_batch_1.bin"), TestFiles.cifarRecords(2, 200), false);
        DataReadException e = assertThrows(DataReadException.class, () -> Cifar10.train(dir));
        assertEquals("corrupt CIFAR-10 batch " + batch + ": record 1 has label 200, outside [0, 10)", e.getMessage());
    }

    @Test
    void skipUnreadableSkipsAndCountsABadBatch() throws IOException {
        TestFiles.write(dir.resolve("data_batch_1.bin"), TestFiles.cifarRecords(1, 2), false);
        Path bad = TestFiles.write(dir.resolve("data_batch_2.bin"), new byte[100], false);
        TestFiles.write(dir.resolve("data_batch_3.bin"), TestFiles.cifarRecords(3), false);

        assertThrows(DataReadException.class, () -> Cifar10.train(dir));
        InMemoryDataset train = Cifar10.train(dir, ReadOptions.builder().skipUnreadable(true).build());

        assertEquals(3, train.size());
        assertEquals(3, train.label(2));
        assertEquals(1, train.report().skippedCount());
        assertTrue(train.report().skipped().get(0).startsWith(bad.toString()), train.report().skipped().get(0));
    }

    @Test
    void skipUnreadableStillFailsWhenNothingIsLeft() throws IOException {
        TestFiles.write(dir.resolve("data_batch_1.bin"), new byte[10], false);
        TestFiles.write(dir.resolve("data_batch_2.bin"), new byte[20], false);
        DataReadException e = assertThrows(DataReadException.class,
                () -> Cifar10.train(dir, ReadOptions.builder().skipUnreadable(true).build()));
        assertTrue(e.getMessage().startsWith("no readable CIFAR-10 batch in " + dir), e.getMessage());
    }

    @Test
    void badMetaFileIsNamed() throws IOException {
        TestFiles.write(dir.resolve("test_batch.bin"), TestFiles.cifarRecords(1), false);
        Path meta = dir.resolve("batches.meta.txt");
        Files.writeString(meta, "cat\ndog\n");
        DataReadException e = assertThrows(DataReadException.class, () -> Cifar10.test(dir));
        assertEquals("corrupt CIFAR-10 meta file " + meta + ": expected 10 class names, got 2", e.getMessage());
    }
}
