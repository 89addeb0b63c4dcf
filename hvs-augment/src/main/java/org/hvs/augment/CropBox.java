package org.hvs.augment;

/**
 * An axis-aligned box in source-image pixel coordinates: the region of the original image a view
 * was cut from. {@code x, y} is the top-left corner; the box covers {@code [x, x + width) x [y, y + height)}.
 *
 * <pre>{@code
 * CropBox a = new CropBox(0, 0, 10, 10);
 * double overlap = a.iou(new CropBox(5, 0, 10, 10)); // 50 / 150 = 1/3
 * }</pre>
 */
public record CropBox(double x, double y, double width, double height) {

    public CropBox {
        if (!(width > 0) || !(height > 0)) {
            throw new IllegalArgumentException("crop box size must be positive, got " + width + "x" + height);
        }
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("crop box must be finite, got " + x + "," + y + "," + width + "," + height);
        }
    }

    /** The box covering a whole image of the given size. */
    public static CropBox full(int imageWidth, int imageHeight) {
        return new CropBox(0, 0, imageWidth, imageHeight);
    }

    public double area() {
        return width * height;
    }

    /** Intersection over union of two boxes: 1 for identical boxes, 0 for disjoint ones. */
    public double iou(CropBox other) {
        double ix = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
        double iy = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
        double inter = ix * iy;
        double union = area() + other.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** Whether the box lies inside an image of the given size (with a tolerance for rounding). */
    public boolean inside(int imageWidth, int imageHeight) {
        double eps = 1e-6;
        return x >= -eps && y >= -eps && x + width <= imageWidth + eps && y + height <= imageHeight + eps;
    }
}
