package org.hvs.augment.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSpecTest {

    @TempDir
    Path dir;

    @Test
    void parsesEveryForm() {
        assertEquals(DataSpec.Kind.SHAPES, DataSpec.parse("shapes").kind());
        assertEquals(Optional.empty(), DataSpec.parse("shapes").dir());
        assertEquals(DataSpec.Kind.SHAPES_RGB, DataSpec.parse("shapes-rgb").kind());
        assertEquals(Optional.of(FashionMnist.DEFAULT_DIR), DataSpec.parse("fashion-mnist").dir());
        DataSpec fm = DataSpec.parse("fashion-mnist=/data/fm");
        assertEquals(DataSpec.Kind.FASHION_MNIST, fm.kind());
        assertEquals(Optional.of(Path.of("/data/fm")), fm.dir());
        assertEquals(DataSpec.Kind.CIFAR10, DataSpec.parse("cifar10=/c").kind());
        DataSpec folder = DataSpec.parse(" folder=/my pics ");
        assertEquals(DataSpec.Kind.FOLDER, folder.kind());
        assertEquals(Optional.of(Path.of("/my pics")), folder.dir());
        assertEquals("folder=/my pics", folder.toString());
        assertEquals(DataSpec.parse("cifar10=/c"), DataSpec.parse("CIFAR10=/c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist", "", "imagenet=/x", "shape"})
    void unknownNameIsNamedWithTheChoices(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSpec.parse(spec));
        assertEquals("unknown data set '" + spec + "'; choose one of: shapes, shapes-rgb, fashion-mnist, fashion-mnist=DIR, "
                + "cifar10=DIR, folder=DIR", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "cifar10 | data set 'cifar10' needs a directory: cifar10=DIR",
        "folder | data set 'folder' needs a directory: folder=DIR",
        "shapes=/x | data set 'shapes' is generated and takes no directory, got 'shapes=/x'",
        "shapes-rgb=/x | data set 'shapes-rgb' is generated and takes no directory, got 'shapes-rgb=/x'"})
    void missingOrSuperfluousDirectoryIsAnError(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSpec.parse(spec));
        assertEquals(message, e.getMessage());
    }

    @Test
    void emptyDirectoryIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSpec.parse("folder="));
        assertTrue(e.getMessage().startsWith("data set 'folder=' has an empty directory after '='"), e.getMessage());
    }

    @Test
    void opensShapesWithSizeLimitAndProportionalTest() {
        DataOptions o = DataOptions.builder().imageSize(16).shapesTrain(500).shapesTest(3000).limit(100).seed(3).build();
        DataSplits s = DataSpec.parse("shapes").open(o);
        assertEquals(100, s.train().size());
        // proportional would be 600 of 3000, but at least min(1000, 3000) stay
        assertEquals(1000, s.test().size());
        assertEquals(16, s.train().height());
        assertEquals(Shapes.train(3, 100, 16).image(42), s.train().image(42));
    }

    @Test
    void shapesRgbOpensTheRandomColourVariant() {
        DataOptions o = DataOptions.builder().imageSize(16).shapesTrain(50).shapesTest(20).seed(3).build();
        DataSplits s = DataSpec.parse("shapes-rgb").open(o);
        assertEquals(Shapes.train(3, 50, 16, ShapeColours.RANDOM_RGB).image(7), s.train().image(7));
        assertEquals(Shapes.test(3, 20, 16, ShapeColours.RANDOM_RGB).image(3), s.test().image(3));
        assertEquals("shapes-rgb/train", s.train().name());
        assertNotEquals(Shapes.train(3, 50, 16).image(7), s.train().image(7));
    }

    @ParameterizedTest
    @CsvSource({
        // testAvailable, trainKept, trainAvailable, expected
        "10000, 60000, 60000, 10000",
        "10000, 6000, 60000, 1000",
        "10000, 30000, 60000, 5000",
        "500, 10, 1000, 500",
        "2000, 1, 3, 1000",
        "2000, 2, 3, 1334"})
    void testCountIsProportionalWithAFloor(int testAvailable, int trainKept, int trainAvailable, int expected) {
        assertEquals(expected, DataSpec.testCount(testAvailable, trainKept, trainAvailable));
    }

    @Test
    void opensFashionMnistFromADirectoryWithLimit() throws IOException {
        TestFiles.writeMnistSplit(dir, "train", 30, 2, 2, true);
        TestFiles.writeMnistSplit(dir, "t10k", 20, 2, 2, false);
        DataSplits s = DataSpec.parse("fashion-mnist=" + dir).open(DataOptions.builder().limit(10).build());
        assertEquals(10, s.train().size());
        assertEquals(20, s.test().size(), "fewer than 1000 test images: all are kept");
    }

    @Test
    void opensCifar() throws IOException {
        TestFiles.write(dir.resolve("data_batch_1.bin"), TestFiles.cifarRecords(1, 2, 3), false);
        TestFiles.write(dir.resolve("test_batch.bin"), TestFiles.cifarRecords(4), false);
        DataSplits s = DataSpec.parse("cifar10=" + dir).open(DataOptions.defaults());
        assertEquals(3, s.train().size());
        assertEquals(1, s.test().size());
    }

    @Test
    void folderWithoutTestSplitIsSplitStratified() throws IOException {
        for (int i = 0; i < 10; i++) {
            TestFiles.writeImage(dir.resolve("a/" + i + ".png"), "png", 8, 8, 1f, 0f, 0f);
            TestFiles.writeImage(dir.resolve("b/" + i + ".png"), "png", 8, 8, 0f, 1f, 0f);
        }
        DataOptions o = DataOptions.builder().imageSize(8).seed(5).build();
        DataSplits s = DataSpec.parse("folder=" + dir).open(o);
        assertArrayEquals(new int[] {8, 8}, s.train().classCounts());
        assertArrayEquals(new int[] {2, 2}, s.test().classCounts());
        assertEquals(List.of("a", "b"), s.test().classNames());
        assertTrue(s.train().name().endsWith("/train"), s.train().name());
    }

    @Test
    void folderWithTrainAndTestSubFoldersUsesThem() throws IOException {
        for (int i = 0; i < 3; i++) {
            TestFiles.writeImage(dir.resolve("train/a/" + i + ".png"), "png", 8, 8, 1f, 0f, 0f);
            TestFiles.writeImage(dir.resolve("train/b/" + i + ".jpg"), "jpg", 8, 8, 0f, 1f, 0f);
        }
        TestFiles.writeImage(dir.resolve("val/a/x.png"), "png", 8, 8, 1f, 0f, 0f);
        TestFiles.writeImage(dir.resolve("val/b/y.png"), "png", 8, 8, 0f, 1f, 0f);

        DataSplits s = DataSpec.parse("folder=" + dir).open(DataOptions.builder().imageSize(8).build());

        assertEquals(6, s.train().size());
        assertEquals(2, s.test().size());
        Set<Integer> testLabels = new HashSet<>(List.of(s.test().label(0), s.test().label(1)));
        assertEquals(Set.of(0, 1), testLabels);
    }

    @Test
    void folderTestSplitWithOtherClassesIsAnError() throws IOException {
        TestFiles.writeImage(dir.resolve("train/a/0.png"), "png", 8, 8, 1f, 0f, 0f);
        TestFiles.writeImage(dir.resolve("test/z/0.png"), "png", 8, 8, 1f, 0f, 0f);
        DataReadException e = assertThrows(DataReadException.class,
                () -> DataSpec.parse("folder=" + dir).open(DataOptions.builder().imageSize(8).build()));
        assertTrue(e.getMessage().startsWith("class folders of " + dir.resolve("test") + " [z] differ"), e.getMessage());
    }

    @Test
    void missingDirectoryIsNamed() {
        Path missing = dir.resolve("none");
        DataReadException e = assertThrows(DataReadException.class,
                () -> DataSpec.parse("cifar10=" + missing).open(DataOptions.defaults()));
        assertEquals("no such directory: " + missing, e.getMessage());
    }
}
