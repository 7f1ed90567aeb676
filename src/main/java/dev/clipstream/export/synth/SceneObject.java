package dev.clipstream.export.synth;

import java.util.Objects;

/**
 * One object in a scene. Geometry is in fractions of the image side so that a scene renders at any
 * pixel size.
 *
 * @param colour named colour (what captions say)
 * @param shape named shape
 * @param size size class (what captions may say)
 * @param centreX centre, fraction of the width from the left
 * @param centreY centre, fraction of the height from the top
 * @param radius outer radius, fraction of the side
 * @param rotationRadians clockwise rotation
 * @param rgb the jittered colour actually drawn, {@code 0xRRGGBB}
 * @param outlineOnly draw only the outline instead of filling
 * @param strokeFraction outline width as a fraction of the side (outline-only objects)
 */
public record SceneObject(
    Colour colour,
    ShapeKind shape,
    SizeClass size,
    double centreX,
    double centreY,
    double radius,
    double rotationRadians,
    int rgb,
    boolean outlineOnly,
    double strokeFraction) {
  public SceneObject {
    Objects.requireNonNull(colour, "colour");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(size, "size");
    if (!(radius > 0 && radius < 1)) {
      throw new IllegalArgumentException("radius must be in (0,1), got " + radius);
    }
  }

  /** The words a caption uses for this object, e.g. {@code "red circle"}. */
  public String noun() {
    return colour.word() + " " + shape.word();
  }
}
