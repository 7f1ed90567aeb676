package dev.clipstream.preprocess;

/**
 * Pillow's image mode of a decoded file. It matters because Pillow's {@code resize} treats modes
 * differently: palette images are resized with NEAREST, images with alpha are resized
 * premultiplied, 16-bit grayscale in floating point.
 */
enum SourceMode {
  /** 8-bit grayscale. */
  L,
  /** 8-bit grayscale with alpha. */
  LA,
  /** 8-bit RGB. */
  RGB,
  /** 8-bit RGB with alpha. */
  RGBA,
  /** 8-bit palette indices (also 1-bit bilevel images: NEAREST resize, black/white palette). */
  P,
  /** 32-bit integer samples (Pillow's mode I), from 16-bit grayscale PNGs. */
  I16;

  boolean hasAlpha() {
    return this == LA || this == RGBA;
  }
}
