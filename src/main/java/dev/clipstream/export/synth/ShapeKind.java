package dev.clipstream.export.synth;

import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.Locale;

/**
 * The object shapes of the synthetic world, each drawn inside the unit circle around the origin so
 * that one transform places, scales and rotates it. Shapes are chosen so that none turns into
 * another under rotation (hence no "diamond", which is a rotated square).
 */
public enum ShapeKind {
  CIRCLE,
  SQUARE,
  TRIANGLE,
  STAR,
  HEXAGON,
  CROSS,
  HEART,
  CRESCENT;

  /** The caption word for this shape, e.g. {@code "circle"}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether rotating this shape changes how it looks (a circle looks the same). */
  public boolean rotates() {
    return this != CIRCLE;
  }

  /** The outline in unit coordinates (radius about 1, centred on the origin, y down). */
  public Shape unitOutline() {
    return switch (this) {
      case CIRCLE -> new Ellipse2D.Double(-1, -1, 2, 2);
      case SQUARE -> polygon(4, 0.95 * Math.sqrt(2) * 0.8, Math.PI / 4);
      case TRIANGLE -> polygon(3, 1.0, -Math.PI / 2);
      case HEXAGON -> polygon(6, 1.0, 0);
      case STAR -> star();
      case CROSS -> cross();
      case HEART -> heart();
      case CRESCENT -> crescent();
    };
  }

  private static Path2D polygon(int sides, double radius, double phase) {
    Path2D.Double p = new Path2D.Double();
    for (int i = 0; i < sides; i++) {
      double a = phase + 2 * Math.PI * i / sides;
      double x = radius * Math.cos(a);
      double y = radius * Math.sin(a);
      if (i == 0) {
        p.moveTo(x, y);
      } else {
        p.lineTo(x, y);
      }
    }
    p.closePath();
    return p;
  }

  private static Path2D star() {
    Path2D.Double p = new Path2D.Double();
    for (int i = 0; i < 10; i++) {
      double r = i % 2 == 0 ? 1.0 : 0.42;
      double a = -Math.PI / 2 + Math.PI * i / 5;
      if (i == 0) {
        p.moveTo(r * Math.cos(a), r * Math.sin(a));
      } else {
        p.lineTo(r * Math.cos(a), r * Math.sin(a));
      }
    }
    p.closePath();
    return p;
  }

  private static Path2D cross() {
    double a = 0.3;
    double b = 0.9;
    Path2D.Double p = new Path2D.Double();
    double[][] pts = {
      {-a, -b}, {a, -b}, {a, -a}, {b, -a}, {b, a}, {a, a}, {a, b}, {-a, b}, {-a, a}, {-b, a},
      {-b, -a}, {-a, -a}
    };
    p.moveTo(pts[0][0], pts[0][1]);
    for (int i = 1; i < pts.length; i++) {
      p.lineTo(pts[i][0], pts[i][1]);
    }
    p.closePath();
    return p;
  }

  private static Path2D heart() {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(0, 0.9);
    p.curveTo(-0.6, 0.4, -1.1, 0.0, -0.95, -0.45);
    p.curveTo(-0.8, -0.95, -0.15, -0.95, 0, -0.45);
    p.curveTo(0.15, -0.95, 0.8, -0.95, 0.95, -0.45);
    p.curveTo(1.1, 0.0, 0.6, 0.4, 0, 0.9);
    p.closePath();
    return p;
  }

  private static Area crescent() {
    Area moon = new Area(new Ellipse2D.Double(-1, -1, 2, 2));
    moon.subtract(new Area(new Ellipse2D.Double(-0.45, -1.05, 2, 2)));
    return moon;
  }
}
