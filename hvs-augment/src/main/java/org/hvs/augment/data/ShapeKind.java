package org.hvs.augment.data;

import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * The classes of the {@link Shapes} data set: each draws itself centred on the origin inside a
 * circle of radius {@code r} and says how far it may be rotated. Classes that rotation would turn
 * into one another (square and diamond, horizontal and vertical bars) only get a small jitter.
 */
enum ShapeKind {
    CIRCLE("circle", true) {
        @Override
        Shape outline(double r) {
            return new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
        }
    },
    SQUARE("square", false) {
        @Override
        Shape outline(double r) {
            double h = r / Math.sqrt(2);
            return new Rectangle2D.Double(-h, -h, 2 * h, 2 * h);
        }
    },
    TRIANGLE("triangle", true) {
        @Override
        Shape outline(double r) {
            return regularPolygon(3, r, -Math.PI / 2);
        }
    },
    CROSS("cross", true) {
        @Override
        Shape outline(double r) {
            double t = r * 0.35;
            Area a = new Area(new Rectangle2D.Double(-r, -t, 2 * r, 2 * t));
            a.add(new Area(new Rectangle2D.Double(-t, -r, 2 * t, 2 * r)));
            return a;
        }
    },
    RING("ring", true) {
        @Override
        Shape outline(double r) {
            Area a = new Area(new Ellipse2D.Double(-r, -r, 2 * r, 2 * r));
            double in = r * 0.55;
            a.subtract(new Area(new Ellipse2D.Double(-in, -in, 2 * in, 2 * in)));
            return a;
        }
    },
    STAR("star", true) {
        @Override
        Shape outline(double r) {
            Path2D.Double p = new Path2D.Double();
            for (int i = 0; i < 10; i++) {
                double rad = (i % 2 == 0) ? r : r * 0.42;
                double a = -Math.PI / 2 + i * Math.PI / 5;
                if (i == 0) {
                    p.moveTo(rad * Math.cos(a), rad * Math.sin(a));
                } else {
                    p.lineTo(rad * Math.cos(a), rad * Math.sin(a));
                }
            }
            p.closePath();
            return p;
        }
    },
    DIAMOND("diamond", false) {
        @Override
        Shape outline(double r) {
            Path2D.Double p = new Path2D.Double();
            p.moveTo(0, -r);
            p.lineTo(r * 0.6, 0);
            p.lineTo(0, r);
            p.lineTo(-r * 0.6, 0);
            p.closePath();
            return p;
        }
    },
    HEXAGON("hexagon", true) {
        @Override
        Shape outline(double r) {
            return regularPolygon(6, r, 0);
        }
    },
    HORIZONTAL_BARS("horizontal bars", false) {
        @Override
        Shape outline(double r) {
            return bars(r);
        }
    },
    VERTICAL_BARS("vertical bars", false) {
        @Override
        Shape outline(double r) {
            Shape bars = bars(r);
            return java.awt.geom.AffineTransform.getQuadrantRotateInstance(1).createTransformedShape(bars);
        }
    };

    /** Rotation jitter, in radians either way, for shapes whose orientation defines the class. */
    private static final double JITTER = Math.toRadians(15);

    private final String displayName;
    private final boolean freeRotation;

    ShapeKind(String displayName, boolean freeRotation) {
        this.displayName = displayName;
        this.freeRotation = freeRotation;
    }

    /** The shape centred on the origin, inside the circle of radius {@code r}. */
    abstract Shape outline(double r);

    /** The class name shown to users. */
    String displayName() {
        return displayName;
    }

    /** Rotations are drawn uniformly from {@code [-maxRotation, maxRotation]} radians. */
    double maxRotation() {
        return freeRotation ? Math.PI : JITTER;
    }

    private static Shape regularPolygon(int sides, double r, double start) {
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < sides; i++) {
            double a = start + 2 * Math.PI * i / sides;
            if (i == 0) {
                p.moveTo(r * Math.cos(a), r * Math.sin(a));
            } else {
                p.lineTo(r * Math.cos(a), r * Math.sin(a));
            }
        }
        p.closePath();
        return p;
    }

    /** Three horizontal bars with equal gaps, inside the square of half-side r / sqrt(2) * 1.2. */
    private static Shape bars(double r) {
        double h = Math.min(r, r / Math.sqrt(2) * 1.2);
        double t = 2 * h / 5; // bar, gap, bar, gap, bar
        Area a = new Area();
        for (int i = 0; i < 3; i++) {
            a.add(new Area(new Rectangle2D.Double(-h, -h + 2 * i * t, 2 * h, t)));
        }
        return a;
    }
}
