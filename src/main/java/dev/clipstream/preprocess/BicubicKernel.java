package dev.clipstream.preprocess;

/**
 * Pillow's antialiased bicubic filter weights ({@code libImaging/Resample.c}, {@code
 * precompute_coeffs} and {@code normalize_coeffs_8bpc}) for a window of output indices of a
 * one-dimensional resize. Computed per call for just the R outputs of the crop: that costs R × taps
 * filter evaluations, negligible next to the pixel work, and needs no cache.
 */
final class BicubicKernel {
  /** Fixed-point precision of 8-bit resampling: 32 - 8 - 2 bits. */
  static final int PRECISION_BITS = 22;

  /** Pillow's bicubic support radius (the filter is zero beyond 2). */
  private static final double SUPPORT = 2.0;

  /** Pillow's bicubic parameter. */
  private static final double A = -0.5;

  /** Maximum taps per output (Pillow's {@code ksize}): the stride of {@link #weights}. */
  final int stride;

  /** First input index of each output. */
  final int[] first;

  /** Number of input indices of each output. */
  final int[] taps;

  /** Normalised weights, {@link #stride} per output. */
  final double[] weights;

  /** The weights in 10.22 fixed point, rounded half away from zero, as Pillow does. */
  final int[] fixed;

  private BicubicKernel(int stride, int[] first, int[] taps, double[] weights, int[] fixed) {
    this.stride = stride;
    this.first = first;
    this.taps = taps;
    this.weights = weights;
    this.fixed = fixed;
  }

  /** Weights of outputs {@code outFrom .. outFrom+count-1} of a resize from inSize to outSize. */
  static BicubicKernel of(int inSize, int outSize, int outFrom, int count) {
    // Pillow keeps the box edges as C floats; inSize < 2^24 so the difference is exact.
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = SUPPORT * filterScale;
    int stride = (int) Math.ceil(support) * 2 + 1;
    double invFilterScale = 1.0 / filterScale;
    int[] first = new int[count];
    int[] taps = new int[count];
    double[] weights = new double[count * stride];
    int[] fixed = new int[count * stride];
    for (int i = 0; i < count; i++) {
      double center = (outFrom + i + 0.5) * scale;
      int xmin = Math.max((int) (center - support + 0.5), 0);
      int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
      int base = i * stride;
      double sum = 0.0;
      for (int x = 0; x < xmax; x++) {
        // Same operation order as Pillow: (x + xmin - center + 0.5) * ss.
        double w = filter(((x + xmin) - center + 0.5) * invFilterScale);
        weights[base + x] = w;
        sum += w;
      }
      for (int x = 0; x < xmax; x++) {
        if (sum != 0.0) {
          weights[base + x] /= sum;
        }
        double k = weights[base + x];
        fixed[base + x] =
            k < 0
                ? (int) (-0.5 + k * (1 << PRECISION_BITS))
                : (int) (0.5 + k * (1 << PRECISION_BITS));
      }
      first[i] = xmin;
      taps[i] = Math.max(xmax, 0);
    }
    return new BicubicKernel(stride, first, taps, weights, fixed);
  }

  /** The first input index any output of this window reads. */
  int firstInput() {
    int min = Integer.MAX_VALUE;
    for (int i = 0; i < first.length; i++) {
      if (taps[i] > 0) {
        min = Math.min(min, first[i]);
      }
    }
    return min == Integer.MAX_VALUE ? 0 : min;
  }

  /** One past the last input index any output of this window reads. */
  int endInput() {
    int max = 0;
    for (int i = 0; i < first.length; i++) {
      max = Math.max(max, first[i] + taps[i]);
    }
    return max;
  }

  /** Keys' cubic convolution kernel with a = -0.5, as {@code bicubic_filter} in Pillow. */
  private static double filter(double x) {
    if (x < 0.0) {
      x = -x;
    }
    if (x < 1.0) {
      return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
      return (((x - 5) * x + 8) * x - 4) * A;
    }
    return 0.0;
  }
}
