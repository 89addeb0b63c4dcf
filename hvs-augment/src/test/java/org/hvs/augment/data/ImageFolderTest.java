package org.hvs.augment.data;

import org.hvs.augment.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderTest {

    @TempDir
    Path dir;

    private void writeTwoClasses() throws IOException {
        TestFiles.writeImage(dir.resolve("dog/b.png"), "png", 20, 12, 0f, 0f, 1f);
        TestFiles.writeImage(dir.resolve("dog/a.JPG"), "jpg", 16, 16, 0f, 0f, 1f);
        TestFiles.writeImage(dir.resolve("cat/x.png"), "png", 8, 8, 1f, 0f, 0f);
        TestFiles.writeImage(dir.resolve("cat/y.jpeg"), "jpg", 30, 40, 1f, 0f, 0f);
    }

    @Test
    void readsPngAndJpegWithSortedClassesAndFiles() throws IOException {
        writeTwoClasses();
        Files.writeString(dir.resolve("cat/notes.txt"), "not an image");
        Files.createDirectories(dir.resolve(".cache"));

        InMemoryDataset ds = ImageFolder.read(dir, 10, ReadOptions.builder().threads(2).build());

        assertEquals(List.of("cat", "dog"), ds.classNames());
        assertEquals(4, ds.size());
        assertArrayEquals(new int[] {2, 2}, ds.classCounts());
        assertEquals("folder/" + dir.getFileName(), ds.name());
        assertEquals(3, ds.channels());
        assertEquals(10, ds.height());
        assertEquals(10, ds.width());
        // files sorted by name: cat/x.png, cat/y.jpeg, dog/a.JPG, dog/b.png
        int[] labels = {ds.label(0), ds.label(1), ds.label(2), ds.label(3)};
        assertArrayEquals(new int[] {0, 0, 1, 1}, labels);
        for (int i = 0; i < 4; i++) {
            Image img = ds.image(i);
            int colour = ds.label(i) == 0 ? 0 : 2; // cats red, dogs blue
            assertEquals(1f, img.get(colour, 5, 5), 0.05f, "image " + i);
            assertEquals(0f, img.get(1, 5, 5), 0.05f, "image " + i);
        }
        assertTrue(ds.report().isClean());
    }

    @Test
    void resizesShorterSideAndCropsTheCentre() throws IOException {
        // 30 wide, 10 high: left third red, middle third green, right third blue
        BufferedImage src = new BufferedImage(30, 10, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 30; x++) {
                src.setRGB(x, y, x < 10 ? 0xFF0000 : x < 20 ? 0x00FF00 : 0x0000FF);
            }
        }
        Path file = dir.resolve("c/wide.png");
        Files.createDirectories(file.getParent());
        ImageIO.write(src, "png", file.toFile());

        Image img = ImageFolder.decode(file, 5);

        assertEquals(5, img.height());
        assertEquals(5, img.width());
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(0f, img.get(0, y, x), 1e-6, "no red left after the centre crop");
                assertEquals(1f, img.get(1, y, x), 1e-6);
            }
        }
    }

    @Test
    void largeReductionAveragesRatherThanAliases() throws IOException {
        // vertical white stripes on columns x % 16 in [6, 9]: a quarter of the area. A single bilinear
        // 64 -> 4 step samples between columns 7 and 8 + 16 k and would see pure white.
        BufferedImage src = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                src.setRGB(x, y, x % 16 >= 6 && x % 16 <= 9 ? 0xFFFFFF : 0x000000);
            }
        }
        Image img = BufferedImages.toImage(BufferedImages.shorterSideCentreCrop(src, 4), 3);
        for (float v : img.data()) {
            assertEquals(0.25f, v, 0.05f);
        }
    }

    @Test
    void corruptJpegIsNamed() throws IOException {
        writeTwoClasses();
        byte[] junk = new byte[500];
        new Random(3).nextBytes(junk);
        junk[0] = 0x12; // not the JPEG start-of-image marker
        Path bad = dir.resolve("cat/broken.jpg");
        Files.write(bad, junk);

        DataReadException e = assertThrows(DataReadException.class, () -> ImageFolder.read(dir, 8));
        assertTrue(e.getMessage().startsWith("cannot decode image " + bad + ": "), e.getMessage());
        assertEquals(bad, e.path());
    }

    @Test
    void skipUnreadableSkipsCountsAndNamesFiles() throws IOException {
        writeTwoClasses();
        Path bad1 = dir.resolve("cat/broken.jpg");
        Path bad2 = dir.resolve("dog/zero.png");
        Files.write(bad1, new byte[] {1, 2, 3, 4, 5});
        Files.write(bad2, new byte[0]);

        InMemoryDataset ds = ImageFolder.read(dir, 8, ReadOptions.builder().skipUnreadable(true).build());

        assertEquals(4, ds.size(), "the four good images remain");
        assertEquals(2, ds.report().skippedCount());
        assertTrue(ds.report().skipped().get(0).startsWith(bad1.toString()), ds.report().skipped().get(0));
        assertTrue(ds.report().skipped().get(1).startsWith(bad2.toString()), ds.report().skipped().get(1));
    }

    @Test
    void missingDirectoryIsNamed() {
        Path missing = dir.resolve("gone");
        DataReadException e = assertThrows(DataReadException.class, () -> ImageFolder.read(missing, 8));
        assertEquals("no such directory: " + missing, e.getMessage());
    }

    @Test
    void emptyFolderHasNoClassSubFolders() throws IOException {
        Files.writeString(dir.resolve("readme.txt"), "hello");
        DataReadException e = assertThrows(DataReadException.class, () -> ImageFolder.read(dir, 8));
        assertEquals("image folder " + dir + " has no class sub-folders", e.getMessage());
    }

    @Test
    void classFolderWithoutImagesIsNamed() throws IOException {
        writeTwoClasses();
        Path empty = dir.resolve("emu");
        Files.createDirectories(empty);
        Files.writeString(empty.resolve("list.csv"), "a,b");
        DataReadException e = assertThrows(DataReadException.class,
                () -> ImageFolder.read(dir, 8, ReadOptions.builder().skipUnreadable(true).build()));
        assertTrue(e.getMessage().startsWith("class folder " + empty + " has no images"), e.getMessage());
        assertEquals(empty, e.path());
    }

    @Test
    void rejectsNonPositiveSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFolder.read(dir, 0));
        assertEquals("image size must be >= 1, got 0", e.getMessage());
    }
}
