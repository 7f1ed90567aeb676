package dev.clipstream.preprocess;

/** The encoded formats we accept, recognised by their signature bytes rather than by ImageIO. */
enum ImageFormat {
  JPEG("jpeg"),
  PNG("png"),
  GIF("gif"),
  BMP("bmp"),
  WEBP("webp");

  /** The ImageIO format name used to find a reader. */
  final String readerName;

  ImageFormat(String readerName) {
    this.readerName = readerName;
  }

  /** The format whose signature starts {@code data}, or null. */
  static ImageFormat sniff(byte[] data) {
    if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return PNG;
    }
    if (startsWith(data, 0, 'G', 'I', 'F', '8')) {
      return GIF;
    }
    if (startsWith(data, 0, 'B', 'M')) {
      return BMP;
    }
    if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
      return WEBP;
    }
    return null;
  }

  /** A hex dump of the first bytes, for error messages. */
  static String signature(byte[] data) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(8, data.length); i++) {
      sb.append(String.format("%02x", data[i] & 0xFF));
    }
    return sb.toString();
  }

  private static boolean startsWith(byte[] data, int offset, int... expected) {
    if (data.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((data[offset + i] & 0xFF) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The PNG colour type from the IHDR chunk (0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA), or -1
   * when the header is too short. Pillow's mode depends on it for low-bit-depth images.
   */
  static int pngColorType(byte[] data) {
    return data.length > 25 ? data[25] & 0xFF : -1;
  }

  /** The PNG bit depth from the IHDR chunk, or -1. */
  static int pngBitDepth(byte[] data) {
    return data.length > 24 ? data[24] & 0xFF : -1;
  }
}
