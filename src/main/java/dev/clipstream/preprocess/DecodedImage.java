package dev.clipstream.preprocess;

/**
 * Decoded pixels in their source mode, before any resize. 8-bit modes keep the decoder's
 * interleaved byte array as it is (often BGR or ABGR order, to avoid a copy); {@link #rgbIndex} and
 * {@link #alphaIndex} say where each channel sits inside a pixel. Resampling treats channels
 * independently, so their order only matters when the final RGB crop is assembled.
 */
final class DecodedImage {
  final SourceMode mode;
  final int width;
  final int height;

  /** Interleaved 8-bit samples, {@link #channels} per pixel (palette indices for mode P). */
  final byte[] samples;

  final int channels;

  /** Offsets of R, G and B within a pixel; all 0 for grayscale. */
  final int[] rgbIndex;

  /** Offset of alpha within a pixel, or -1. */
  final int alphaIndex;

  /** Mode P only: 256 entries of R, G, B. */
  final byte[] palette;

  /** Mode I16 only: one sample per pixel. */
  final int[] wideSamples;

  private DecodedImage(
      SourceMode mode,
      int width,
      int height,
      byte[] samples,
      int channels,
      int[] rgbIndex,
      int alphaIndex,
      byte[] palette,
      int[] wideSamples) {
    this.mode = mode;
    this.width = width;
    this.height = height;
    this.samples = samples;
    this.channels = channels;
    this.rgbIndex = rgbIndex;
    this.alphaIndex = alphaIndex;
    this.palette = palette;
    this.wideSamples = wideSamples;
  }

  /** 8-bit interleaved samples: L (1 channel), LA (2), RGB (3) or RGBA (4). */
  static DecodedImage interleaved(
      SourceMode mode, int width, int height, byte[] samples, int[] rgbIndex, int alphaIndex) {
    int channels =
        switch (mode) {
          case L -> 1;
          case LA -> 2;
          case RGB -> 3;
          case RGBA -> 4;
          default -> throw new IllegalArgumentException("not an interleaved 8-bit mode: " + mode);
        };
    if (samples.length != (long) width * height * channels) {
      throw new IllegalArgumentException(
          "expected " + ((long) width * height * channels) + " samples, got " + samples.length);
    }
    return new DecodedImage(
        mode, width, height, samples, channels, rgbIndex, alphaIndex, null, null);
  }

  /** Palette indices, one byte per pixel, and a 768-byte RGB palette. */
  static DecodedImage palette(int width, int height, byte[] indices, byte[] palette) {
    if (indices.length != (long) width * height || palette.length != 768) {
      throw new IllegalArgumentException("bad palette image buffers");
    }
    return new DecodedImage(
        SourceMode.P, width, height, indices, 1, new int[] {0, 0, 0}, -1, palette, null);
  }

  /** 16-bit grayscale samples kept as ints (Pillow's mode I). */
  static DecodedImage wide(int width, int height, int[] samples) {
    if (samples.length != (long) width * height) {
      throw new IllegalArgumentException("bad 16-bit image buffer");
    }
    return new DecodedImage(
        SourceMode.I16, width, height, null, 1, new int[] {0, 0, 0}, -1, null, samples);
  }
}
