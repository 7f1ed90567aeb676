package dev.clipstream.preprocess;

import java.util.Arrays;

/**
 * How images become model input: the square output side {@code resolution} in pixels, the
 * per-channel (R, G, B) {@code mean} and {@code std} of the normalisation, and the limits checked
 * before decoding ({@code maxPixels} from the header, {@code maxBytes} of encoded data).
 */
public record PreprocessOptions(
    int resolution, float[] mean, float[] std, long maxPixels, long maxBytes) {

  /** OpenAI CLIP's normalisation constants (clip/clip.py, {@code _transform}). */
  private static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};

  private static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

  /** 40 megapixels: larger than any camera photo worth embedding, small enough to bound memory. */
  public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

  /** 64 MiB of encoded data. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  public PreprocessOptions {
    if (resolution < 1 || resolution > 8192) {
      throw new IllegalArgumentException("resolution must be in 1..8192, got " + resolution);
    }
    mean = checkTriple("mean", mean, false);
    std = checkTriple("std", std, true);
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
  }

  /** CLIP's mean and std, 40 MP and 64 MiB limits. */
  public static PreprocessOptions clip(int resolution) {
    return new PreprocessOptions(
        resolution, CLIP_MEAN, CLIP_STD, DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES);
  }

  /** The same options with other limits. */
  public PreprocessOptions withLimits(long maxPixels, long maxBytes) {
    return new PreprocessOptions(resolution, mean, std, maxPixels, maxBytes);
  }

  /** A copy: the record must stay immutable. */
  @Override
  public float[] mean() {
    return mean.clone();
  }

  /** A copy: the record must stay immutable. */
  @Override
  public float[] std() {
    return std.clone();
  }

  /** Floats in one output tensor: 3 * resolution * resolution. */
  public int tensorLength() {
    return 3 * resolution * resolution;
  }

  private static float[] checkTriple(String name, float[] values, boolean positive) {
    if (values == null || values.length != 3) {
      throw new IllegalArgumentException(
          name + " must have 3 values (R, G, B), got " + Arrays.toString(values));
    }
    for (float v : values) {
      if (!Float.isFinite(v) || (positive && v <= 0)) {
        throw new IllegalArgumentException(
            name
                + " must be finite"
                + (positive ? " and positive" : "")
                + ", got "
                + Arrays.toString(values));
      }
    }
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PreprocessOptions other
        && resolution == other.resolution
        && maxPixels == other.maxPixels
        && maxBytes == other.maxBytes
        && Arrays.equals(mean, other.mean)
        && Arrays.equals(std, other.std);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Integer.hashCode(resolution) + Arrays.hashCode(mean)) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "PreprocessOptions[resolution="
        + resolution
        + ", mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + ", maxPixels="
        + maxPixels
        + ", maxBytes="
        + maxBytes
        + "]";
  }
}
