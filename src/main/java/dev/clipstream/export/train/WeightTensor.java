package dev.clipstream.export.train;

import java.util.Arrays;

/**
 * A named float32 weight in C order, as an OpenAI CLIP state dict holds it.
 *
 * @param shape dimensions (empty for a scalar)
 * @param data values, {@code product(shape)} of them
 */
public record WeightTensor(long[] shape, float[] data) {
  public WeightTensor {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " values, got " + data.length);
    }
  }

  public int size() {
    return data.length;
  }
}
