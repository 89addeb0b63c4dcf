package org.hvs.ssl.mask;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import org.junit.jupiter.api.function.Executable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockMaskingTest {

    private static BlockMasking always(long seed) {
        return BlockMasking.builder().probability(1).seed(seed).build();
    }

    @Test
    void defaultsAreIbotsRecommendedVitSettings() {
        BlockMasking m = BlockMasking.builder().build();
        assertEquals(0.5, m.probability());
        assertEquals(0.1, m.minRatio(), 1e-12);
        assertEquals(0.5, m.maxRatio(), 1e-12);
        assertEquals(0.3, m.minAspect(), 1e-12);
        assertEquals(1 / 0.3, m.maxAspect(), 1e-12);
        assertEquals(0, m.startEpoch());
        BlockMasking fromMeanVar = BlockMasking.builder().ratioMeanVar(0.3, 0.2).build();
        assertEquals(0.1, fromMeanVar.minRatio(), 1e-12);
        assertEquals(0.5, fromMeanVar.maxRatio(), 1e-12);
    }

    /**
     * The masked share never exceeds the drawn ratio (nor maxRatio); the drawn ratio lies in the
     * range; like iBOT's loop the share can stop short of it, but rarely below minRatio.
     */
    @ParameterizedTest
    @CsvSource({"8, 8", "14, 14", "6, 10"})
    void maskedShareStaysWithinTheConfiguredRange(int h, int w) {
        BlockMasking m = always(5);
        int draws = 2000;
        int inRange = 0;
        double sum = 0;
        for (int i = 0; i < draws; i++) {
            BlockMask mask = m.mask(h, w, i, i % 4, 0);
            double share = mask.share();
            assertTrue(mask.targetRatio() >= 0.1 && mask.targetRatio() <= 0.5, "drawn ratio " + mask.targetRatio());
            assertTrue(mask.maskedCount() <= mask.targetRatio() * h * w, "count " + mask.maskedCount()
                    + " over budget " + mask.targetRatio() * h * w);
            assertTrue(share <= 0.5, "share " + share);
            assertTrue(share > 0, "a masked view of a " + h + "x" + w + " grid gets at least one block");
            inRange += share >= 0.1 ? 1 : 0;
            sum += share;
        }
        assertTrue(inRange >= 0.9 * draws, inRange + " of " + draws + " shares in [0.1, 0.5]");
        double mean = sum / draws;
        assertTrue(mean > 0.15 && mean < 0.35, "mean share " + mean);
    }

    @Test
    void shareFollowsAFixedRatioWhenTheRangeIsAPoint() {
        BlockMasking m = BlockMasking.builder().probability(1).ratio(0.3, 0.3).seed(1).build();
        for (int i = 0; i < 200; i++) {
            BlockMask mask = m.mask(14, 14, i, 0, 0);
            assertEquals(0.3, mask.targetRatio(), 1e-12);
            assertTrue(mask.maskedCount() <= 58, "at most floor(0.3*196)=58, got " + mask.maskedCount());
        }
    }

    @Test
    void masksAreUnionsOfTheRecordedRectangles() {
        BlockMasking m = always(9);
        int h = 8;
        int w = 10;
        int[] images = IntStream.range(0, 50).toArray();
        List<BlockMask> drawn = m.draw(h, w, images, 2, 0);
        INDArray array = m.masks(h, w, images, 2, 0);
        int singleBlock = 0;
        for (int row = 0; row < drawn.size(); row++) {
            List<BlockMask.Block> blocks = drawn.get(row).blocks();
            boolean[] union = new boolean[h * w];
            for (BlockMask.Block b : blocks) {
                assertTrue(b.height() < h && b.width() < w, "iBOT's blocks are smaller than the grid: " + b);
                boolean addsNew = false;
                for (int r = b.top(); r < b.top() + b.height(); r++) {
                    for (int c = b.left(); c < b.left() + b.width(); c++) {
                        addsNew |= !union[r * w + c];
                        union[r * w + c] = true;
                    }
                }
                assertTrue(addsNew, "each block masks at least one new patch: " + b);
            }
            for (int t = 0; t < h * w; t++) {
                assertEquals(union[t] ? 1.0 : 0.0, array.getDouble(row, t), "row " + row + " token " + t);
            }
            if (blocks.size() == 1) {
                singleBlock++;
                assertSolidRectangle(array, row, h, w, blocks.get(0));
            }
        }
        assertTrue(singleBlock > 0, "some masks are one block, so the solid-rectangle check ran");
    }

    /** The masked cells of the row fill exactly their bounding box, which is the block. */
    private static void assertSolidRectangle(INDArray array, int row, int h, int w, BlockMask.Block block) {
        int top = h;
        int left = w;
        int bottom = -1;
        int right = -1;
        int count = 0;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                if (array.getDouble(row, r * w + c) == 1.0) {
                    top = Math.min(top, r);
                    bottom = Math.max(bottom, r);
                    left = Math.min(left, c);
                    right = Math.max(right, c);
                    count++;
                }
            }
        }
        assertEquals(new BlockMask.Block(top, left, bottom - top + 1, right - left + 1), block);
        assertEquals(block.area(), count, "the bounding box is filled");
    }

    @Test
    void sameSeedGivesTheSameMasksWhateverTheBatchOrThreads() {
        BlockMasking a = always(42);
        BlockMasking b = always(42);
        int[] images = {3, 17, 4, 99};
        assertEquals(a.draw(8, 8, images, 4, 2), b.draw(8, 8, images, 4, 2));
        // image 17's masks do not depend on its batch neighbours
        assertEquals(a.mask(8, 8, 17, 3, 2), a.draw(8, 8, new int[] {17}, 4, 2).get(3));
        assertEquals(a.mask(8, 8, 17, 3, 2), a.draw(8, 8, images, 4, 2).get(3 * images.length + 1));
        // nor on the thread that draws them
        List<BlockMask> sequential = IntStream.range(0, 256).mapToObj(i -> a.mask(14, 14, i, 1, 0))
                .collect(Collectors.toList());
        List<BlockMask> parallel = IntStream.range(0, 256).parallel().mapToObj(i -> b.mask(14, 14, i, 1, 0))
                .collect(Collectors.toList());
        assertEquals(sequential, parallel);
    }

    @Test
    void seedEpochImageAndViewEachChangeTheMask() {
        BlockMasking a = always(42);
        BlockMask base = a.mask(14, 14, 5, 0, 0);
        assertNotEquals(base, always(43).mask(14, 14, 5, 0, 0));
        assertNotEquals(base, a.mask(14, 14, 5, 0, 1));
        assertNotEquals(base, a.mask(14, 14, 6, 0, 0));
        assertNotEquals(base, a.mask(14, 14, 5, 1, 0));
    }

    @Test
    void probabilityZeroGivesEmptyMasks() {
        BlockMasking m = BlockMasking.builder().probability(0).seed(1).build();
        INDArray masks = m.masks(8, 8, IntStream.range(0, 32).toArray(), 4, 0);
        assertEquals(0.0, masks.sumNumber().doubleValue());
        for (BlockMask mask : m.draw(8, 8, new int[] {0, 1}, 2, 0)) {
            assertTrue(mask.isEmpty());
            assertEquals(0, mask.targetRatio());
        }
    }

    @Test
    void aboutHalfTheViewsAreMaskedWithIbotsProbability() {
        BlockMasking m = BlockMasking.builder().seed(8).build();
        int masked = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            masked += m.mask(14, 14, i, 0, 0).isEmpty() ? 0 : 1;
        }
        assertTrue(Math.abs(masked / (double) n - 0.5) < 0.03, masked + " of " + n + " masked");
    }

    @Test
    void noMasksBeforeTheStartEpoch() {
        BlockMasking m = BlockMasking.builder().probability(1).startEpoch(3).seed(2).build();
        int[] images = IntStream.range(0, 16).toArray();
        assertEquals(0.0, m.masks(8, 8, images, 2, 2).sumNumber().doubleValue());
        assertTrue(m.masks(8, 8, images, 2, 3).sumNumber().doubleValue() > 0);
    }

    @Test
    void aGridWithASideOfOneIsNeverMasked() {
        BlockMasking m = always(4);
        for (int i = 0; i < 50; i++) {
            assertTrue(m.mask(1, 9, i, 0, 0).isEmpty());
            assertTrue(m.mask(9, 1, i, 0, 0).isEmpty());
        }
    }

    @Test
    void masksArrayIsViewMajorFloatZeroOne() {
        BlockMasking m = always(11);
        int[] images = {7, 2, 5};
        INDArray masks = m.masks(4, 6, images, 2, 1);
        assertEquals(DataType.FLOAT, masks.dataType());
        assertArrayEquals(new long[] {6, 24}, masks.shape());
        for (int v = 0; v < 2; v++) {
            for (int b = 0; b < images.length; b++) {
                BlockMask expected = m.mask(4, 6, images[b], v, 1);
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 6; c++) {
                        assertEquals(expected.isMasked(r, c) ? 1.0 : 0.0,
                                masks.getDouble(v * images.length + b, r * 6 + c));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "probability below 0 | probability must be in [0, 1], got -0.1",
        "probability above 1 | probability must be in [0, 1], got 1.5",
        "probability NaN     | probability must be in [0, 1], got NaN",
        "min ratio below 0   | minRatio must be in [0, 1), got -0.1",
        "max ratio 1         | maxRatio must be in [0, 1), got 1.0",
        "min above max       | minRatio must be <= maxRatio, got 0.5 > 0.2",
        "aspect 0            | aspect ratios must be > 0 and finite, got 0.0..2.0",
        "aspect reversed     | minAspect must be <= maxAspect, got 3.0 > 0.5",
        "start epoch -1      | startEpoch must be >= 0, got -1",
        "var above mean      | pred_ratio_var must be in [0, pred_ratio], got pred_ratio=0.1 pred_ratio_var=0.2",
    })
    void builderRejectsBadSettings(String label, String message) {
        Executable build = switch (label) {
            case "probability below 0" -> () -> BlockMasking.builder().probability(-0.1).build();
            case "probability above 1" -> () -> BlockMasking.builder().probability(1.5).build();
            case "probability NaN" -> () -> BlockMasking.builder().probability(Double.NaN).build();
            case "min ratio below 0" -> () -> BlockMasking.builder().ratio(-0.1, 0.5).build();
            case "max ratio 1" -> () -> BlockMasking.builder().ratio(0.1, 1.0).build();
            case "min above max" -> () -> BlockMasking.builder().ratio(0.5, 0.2).build();
            case "aspect 0" -> () -> BlockMasking.builder().aspectRatio(0, 2).build();
            case "aspect reversed" -> () -> BlockMasking.builder().aspectRatio(3, 0.5).build();
            case "start epoch -1" -> () -> BlockMasking.builder().startEpoch(-1).build();
            case "var above mean" -> () -> BlockMasking.builder().ratioMeanVar(0.1, 0.2).build();
            default -> throw new AssertionError(label);
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "grid height 0     | grid must be at least 1x1 patches, got 0x8",
        "grid width -1     | grid must be at least 1x1 patches, got 8x-1",
        "negative image    | imageIndex must be >= 0, got -1",
        "negative view     | view must be >= 0, got -2",
        "negative epoch    | epoch must be >= 0, got -3",
        "no views          | numViews must be >= 1, got 0",
        "no images         | imageIndices must hold at least one image, got 0",
    })
    void drawingRejectsBadArguments(String label, String message) {
        BlockMasking m = always(0);
        Executable call = switch (label) {
            case "grid height 0" -> () -> m.mask(0, 8, 0, 0, 0);
            case "grid width -1" -> () -> m.masks(8, -1, new int[] {0}, 1, 0);
            case "negative image" -> () -> m.mask(8, 8, -1, 0, 0);
            case "negative view" -> () -> m.mask(8, 8, 0, -2, 0);
            case "negative epoch" -> () -> m.mask(8, 8, 0, 0, -3);
            case "no views" -> () -> m.masks(8, 8, new int[] {0}, 0, 0);
            case "no images" -> () -> m.draw(8, 8, new int[0], 2, 0);
            default -> throw new AssertionError(label);
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    @Test
    void toArrayRejectsMixedGrids() {
        List<BlockMask> mixed = List.of(BlockMask.empty(4, 4), BlockMask.empty(4, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockMasking.toArray(mixed));
        assertEquals("masks[1] is on a 4x5 grid, masks[0] on 4x4", e.getMessage());
        assertFalse(BlockMask.empty(2, 2).isMasked(1, 1));
    }

    @Test
    void blockMaskRejectsBlocksOutsideTheGrid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BlockMask(4, 4, 0.3, List.of(new BlockMask.Block(2, 0, 3, 1))));
        assertTrue(e.getMessage().contains("does not fit a 4x4 grid"), e.getMessage());
    }
}
