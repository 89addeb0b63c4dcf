package org.hvs.ssl.mask;

import java.util.List;
import java.util.Objects;

/**
 * One view's mask on a {@code gridHeight x gridWidth} patch grid: the union of the rectangular
 * {@link Block}s {@link BlockMasking} placed, row-major ({@code cell(r, c)} is token
 * {@code r*gridWidth + c}). An empty mask has no blocks.
 *
 * @param gridHeight  patch rows, &gt;= 1
 * @param gridWidth   patch columns, &gt;= 1
 * @param targetRatio the prediction ratio drawn for this view (0 when the view is not masked); the
 *                    masked count never exceeds {@code targetRatio * T}
 * @param blocks      the rectangles, in the order they were placed; each may overlap earlier ones
 */
public record BlockMask(int gridHeight, int gridWidth, double targetRatio, List<Block> blocks) {

    /** A rectangle of patches: rows {@code [top, top+height)}, columns {@code [left, left+width)}. */
    public record Block(int top, int left, int height, int width) {
        public Block {
            if (top < 0 || left < 0 || height < 1 || width < 1) {
                throw new IllegalArgumentException("block needs top, left >= 0 and height, width >= 1, got top=" + top
                        + " left=" + left + " height=" + height + " width=" + width);
            }
        }

        public int area() {
            return height * width;
        }

        public boolean contains(int row, int col) {
            return row >= top && row < top + height && col >= left && col < left + width;
        }
    }

    public BlockMask {
        if (gridHeight < 1 || gridWidth < 1) {
            throw new IllegalArgumentException("grid must be at least 1x1, got " + gridHeight + "x" + gridWidth);
        }
        Objects.requireNonNull(blocks, "blocks");
        blocks = List.copyOf(blocks);
        for (Block b : blocks) {
            if (b.top() + b.height() > gridHeight || b.left() + b.width() > gridWidth) {
                throw new IllegalArgumentException("block " + b + " does not fit a " + gridHeight + "x" + gridWidth
                        + " grid");
            }
        }
    }

    /** A mask with nothing masked. */
    public static BlockMask empty(int gridHeight, int gridWidth) {
        return new BlockMask(gridHeight, gridWidth, 0, List.of());
    }

    /** Number of tokens {@code T = gridHeight * gridWidth}. */
    public int tokens() {
        return gridHeight * gridWidth;
    }

    /** The mask as a row-major boolean array of length T (a new array). */
    public boolean[] cells() {
        boolean[] out = new boolean[tokens()];
        for (Block b : blocks) {
            for (int r = b.top(); r < b.top() + b.height(); r++) {
                for (int c = b.left(); c < b.left() + b.width(); c++) {
                    out[r * gridWidth + c] = true;
                }
            }
        }
        return out;
    }

    /** Whether patch {@code (row, col)} is masked. */
    public boolean isMasked(int row, int col) {
        if (row < 0 || row >= gridHeight || col < 0 || col >= gridWidth) {
            throw new IndexOutOfBoundsException("cell (" + row + ", " + col + ") outside a " + gridHeight + "x"
                    + gridWidth + " grid");
        }
        for (Block b : blocks) {
            if (b.contains(row, col)) {
                return true;
            }
        }
        return false;
    }

    /** Number of masked tokens. */
    public int maskedCount() {
        int n = 0;
        for (boolean m : cells()) {
            if (m) {
                n++;
            }
        }
        return n;
    }

    /** Masked share of the grid, {@code maskedCount / T}. */
    public double share() {
        return maskedCount() / (double) tokens();
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }
}
