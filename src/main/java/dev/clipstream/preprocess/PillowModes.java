package dev.clipstream.preprocess;

/**
 * Pillow's mode conversions that CLIP's pipeline goes through: RGBA/LA are premultiplied before a
 * resize and un-premultiplied after it ({@code Image.resize} via modes RGBa/La); {@code
 * convert("RGB")} then drops alpha without compositing, replicates gray, looks palettes up and
 * clips mode I to 0..255.
 */
final class PillowModes {
  private PillowModes() {}

  /** Pillow's {@code MULDIV255}: round(c * a / 255) in integers. */
  static int mulDiv255(int c, int a) {
    int t = c * a + 128;
    return ((t >> 8) + t) >> 8;
  }

  /** RGBA to RGBa (or LA to La), in place: every colour channel times alpha / 255. */
  static void premultiply(byte[] samples, int channels, int alphaIndex) {
    for (int p = 0; p < samples.length; p += channels) {
      int a = samples[p + alphaIndex] & 0xFF;
      if (a == 255) {
        continue;
      }
      for (int ch = 0; ch < channels; ch++) {
        if (ch != alphaIndex) {
          samples[p + ch] = (byte) mulDiv255(samples[p + ch] & 0xFF, a);
        }
      }
    }
  }

  /** RGBa to RGBA (or La to LA), in place: alpha 0 and 255 keep colours, else 255 * c / a. */
  static void unpremultiply(byte[] samples, int channels, int alphaIndex) {
    for (int p = 0; p < samples.length; p += channels) {
      int a = samples[p + alphaIndex] & 0xFF;
      if (a == 0 || a == 255) {
        continue;
      }
      for (int ch = 0; ch < channels; ch++) {
        if (ch != alphaIndex) {
          samples[p + ch] = (byte) Math.min(255, (255 * (samples[p + ch] & 0xFF)) / a);
        }
      }
    }
  }

  /** {@code convert("RGB")} of interleaved 8-bit samples: picks R, G, B, drops anything else. */
  static byte[] toRgb(byte[] samples, int channels, int[] rgbIndex) {
    int pixels = samples.length / channels;
    byte[] rgb = new byte[pixels * 3];
    if (channels == 3 && rgbIndex[0] == 0 && rgbIndex[1] == 1 && rgbIndex[2] == 2) {
      System.arraycopy(samples, 0, rgb, 0, rgb.length);
      return rgb;
    }
    int r = rgbIndex[0];
    int g = rgbIndex[1];
    int b = rgbIndex[2];
    for (int p = 0, s = 0, o = 0; p < pixels; p++, s += channels, o += 3) {
      rgb[o] = samples[s + r];
      rgb[o + 1] = samples[s + g];
      rgb[o + 2] = samples[s + b];
    }
    return rgb;
  }

  /** {@code convert("RGB")} of palette indices through a 768-byte RGB palette. */
  static byte[] paletteToRgb(byte[] indices, byte[] palette) {
    byte[] rgb = new byte[indices.length * 3];
    for (int p = 0, o = 0; p < indices.length; p++, o += 3) {
      int e = (indices[p] & 0xFF) * 3;
      rgb[o] = palette[e];
      rgb[o + 1] = palette[e + 1];
      rgb[o + 2] = palette[e + 2];
    }
    return rgb;
  }

  /** {@code convert("RGB")} of mode I: each value clipped to 0..255 and replicated. */
  static byte[] wideToRgb(int[] values) {
    byte[] rgb = new byte[values.length * 3];
    for (int p = 0, o = 0; p < values.length; p++, o += 3) {
      byte v = (byte) Math.max(0, Math.min(255, values[p]));
      rgb[o] = v;
      rgb[o + 1] = v;
      rgb[o + 2] = v;
    }
    return rgb;
  }
}
