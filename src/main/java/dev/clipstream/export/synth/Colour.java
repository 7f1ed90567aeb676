package dev.clipstream.export.synth;

/**
 * The object colours of the synthetic world. Each is a prototype sRGB value; the renderer jitters
 * it a little so that the model learns colour names, not exact pixel values.
 */
public enum Colour {
  RED(215, 35, 35),
  GREEN(35, 165, 55),
  BLUE(35, 70, 215),
  YELLOW(245, 215, 30),
  ORANGE(250, 135, 20),
  PURPLE(130, 45, 180),
  PINK(250, 125, 195),
  BROWN(125, 75, 35);

  private final int red;
  private final int green;
  private final int blue;

  Colour(int red, int green, int blue) {
    this.red = red;
    this.green = green;
    this.blue = blue;
  }

  /** The caption word for this colour, e.g. {@code "red"}. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Packed {@code 0xRRGGBB} prototype value. */
  public int rgb() {
    return (red << 16) | (green << 8) | blue;
  }
}
