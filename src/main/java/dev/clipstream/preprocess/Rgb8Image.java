package dev.clipstream.preprocess;

/**
 * An 8-bit RGB image: {@code rgb} holds {@code width * height * 3} bytes, interleaved R, G, B, rows
 * top to bottom. The array is shared, not copied, to keep large images cheap.
 */
public record Rgb8Image(int width, int height, byte[] rgb) {
  public Rgb8Image {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "width and height must be positive, got " + width + "x" + height);
    }
    if (rgb == null || rgb.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "rgb must hold width*height*3 = "
              + ((long) width * height * 3)
              + " bytes, got "
              + (rgb == null ? "null" : rgb.length));
    }
  }

  /** The sample of channel {@code c} (0 = R, 1 = G, 2 = B) at ({@code x}, {@code y}), 0..255. */
  public int sample(int x, int y, int c) {
    return rgb[(y * width + x) * 3 + c] & 0xFF;
  }
}
