package dev.clipstream.preprocess;

/**
 * torchvision's {@code ToTensor} then {@code Normalize}: {@code (float32(v) / 255 - mean[c]) /
 * std[c]}, every step in float32, laid out as C, H, W. With 8-bit input there are only 256 values
 * per channel, so a lookup table computed once with the same float operations is exact.
 */
final class Normalizer {
  private final float[][] table = new float[3][256];

  Normalizer(float[] mean, float[] std) {
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        float x = (float) v / 255f;
        table[c][v] = (x - mean[c]) / std[c];
      }
    }
  }

  /** Writes the 3×H×W tensor of {@code image} to {@code dest} from {@code offset}. */
  void writeChw(Rgb8Image image, float[] dest, int offset) {
    int plane = image.width() * image.height();
    byte[] rgb = image.rgb();
    float[] r = table[0];
    float[] g = table[1];
    float[] b = table[2];
    for (int p = 0, s = 0; p < plane; p++, s += 3) {
      dest[offset + p] = r[rgb[s] & 0xFF];
      dest[offset + plane + p] = g[rgb[s + 1] & 0xFF];
      dest[offset + 2 * plane + p] = b[rgb[s + 2] & 0xFF];
    }
  }
}
