package dev.clipstream.preprocess;

/**
 * Pillow's NEAREST resize, which it silently uses for palette and bilevel images even when asked
 * for BICUBIC ({@code ImagingScaleAffine} in {@code libImaging/Geometry.c}). Source positions are
 * accumulated in doubles, {@code pos = scale / 2; pos += scale}, exactly as Pillow steps them, so
 * rounding at pixel boundaries matches too.
 */
final class NearestResampler {
  private NearestResampler() {}

  /** The R×R crop of one-byte-per-pixel samples (palette indices). */
  static byte[] resizeCrop(byte[] src, ResizePlan plan) {
    int r = plan.resolution();
    int w = plan.width();
    int[] columns = sourcePositions(w, plan.resizedWidth(), plan.left(), r);
    int[] rows = sourcePositions(plan.height(), plan.resizedHeight(), plan.top(), r);
    byte[] out = new byte[r * r];
    for (int y = 0; y < r; y++) {
      if (rows[y] < 0) {
        continue; // outside the source: Pillow leaves the fill value 0
      }
      int rowStart = rows[y] * w;
      for (int x = 0; x < r; x++) {
        if (columns[x] >= 0) {
          out[y * r + x] = src[rowStart + columns[x]];
        }
      }
    }
    return out;
  }

  /** Source index of outputs from..from+count-1, or -1 where Pillow finds none. */
  private static int[] sourcePositions(int inSize, int outSize, int from, int count) {
    int[] positions = new int[count];
    if (inSize == outSize) {
      for (int i = 0; i < count; i++) {
        positions[i] = from + i;
      }
      return positions;
    }
    double scale = (double) inSize / outSize;
    double pos = scale * 0.5;
    for (int i = 0; i < from; i++) {
      pos += scale;
    }
    for (int i = 0; i < count; i++) {
      int index = pos < 0.0 ? -1 : (int) pos;
      positions[i] = index < inSize ? index : -1;
      pos += scale;
    }
    return positions;
  }
}
