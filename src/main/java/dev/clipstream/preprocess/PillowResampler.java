package dev.clipstream.preprocess;

/**
 * Pillow's separable resize ({@code ImagingResample} with the bicubic filter) followed by the
 * centre crop, computing only the R×R window that the crop keeps. Each output pixel depends only on
 * its own filter window, so this gives exactly the bytes of a full resize followed by a crop.
 *
 * <p>As in Pillow: the horizontal pass runs first and only if the width changes, the vertical pass
 * only if the height changes; 8-bit passes use 10.22 fixed point and store the horizontal result as
 * uint8; the 32-bit (mode I) passes use doubles rounded half away from zero, unclipped.
 */
final class PillowResampler {
  private static final int HALF = 1 << (BicubicKernel.PRECISION_BITS - 1);

  /**
   * The two one-dimensional passes of the 8-bit resize. Scalar here; {@link VectorResampler} runs
   * them on SIMD lanes with the same sums in the same order, so both give the same bytes.
   */
  interface Passes8 {
    /** Rows {@code rowFrom .. rowFrom+rows-1} filtered along x: [rows][outputs·c] uint8. */
    byte[] horizontal(byte[] src, int srcWidth, int c, int rowFrom, int rows, BicubicKernel k);

    /**
     * Filtered along y: {@code rowBytes} bytes from {@code columnOffset} of each row of {@code in}
     * (whose first row is image row {@code firstRow}), [outputs][rowBytes] uint8.
     */
    byte[] vertical(
        byte[] in, int inRowLength, int columnOffset, int firstRow, int rowBytes, BicubicKernel k);

    /** What runs, for logs and benchmark results. */
    String description();
  }

  /** The scalar passes, described with why they were chosen. */
  static Passes8 scalar(String why) {
    return new Passes8() {
      @Override
      public byte[] horizontal(
          byte[] src, int srcWidth, int c, int rowFrom, int rows, BicubicKernel k) {
        return horizontal8(src, srcWidth, c, rowFrom, rows, k);
      }

      @Override
      public byte[] vertical(
          byte[] in,
          int inRowLength,
          int columnOffset,
          int firstRow,
          int rowBytes,
          BicubicKernel k) {
        return vertical8(in, inRowLength, columnOffset, firstRow, rowBytes, k);
      }

      @Override
      public String description() {
        return "scalar (" + why + ")";
      }
    };
  }

  private PillowResampler() {}

  /** The R×R crop of interleaved 8-bit samples with {@code c} channels per pixel. */
  static byte[] resizeCrop8(byte[] src, int c, ResizePlan plan, Passes8 passes) {
    int r = plan.resolution();
    int w = plan.width();
    BicubicKernel vertical =
        plan.resizesHeight()
            ? BicubicKernel.of(plan.height(), plan.resizedHeight(), plan.top(), r)
            : null;
    int rowFrom = vertical != null ? vertical.firstInput() : plan.top();
    int rowTo = vertical != null ? vertical.endInput() : plan.top() + r;

    byte[] mid;
    int midRowLength;
    int midColumnOffset;
    int midFirstRow;
    if (plan.resizesWidth()) {
      BicubicKernel horizontal = BicubicKernel.of(w, plan.resizedWidth(), plan.left(), r);
      mid = passes.horizontal(src, w, c, rowFrom, rowTo - rowFrom, horizontal);
      midRowLength = r * c;
      midColumnOffset = 0;
      midFirstRow = rowFrom;
    } else {
      mid = src;
      midRowLength = w * c;
      midColumnOffset = plan.left() * c;
      midFirstRow = 0;
    }
    if (vertical != null) {
      return passes.vertical(mid, midRowLength, midColumnOffset, midFirstRow, r * c, vertical);
    }
    byte[] out = new byte[r * r * c];
    for (int y = 0; y < r; y++) {
      System.arraycopy(
          mid,
          (plan.top() + y - midFirstRow) * midRowLength + midColumnOffset,
          out,
          y * r * c,
          r * c);
    }
    return out;
  }

  private static byte[] horizontal8(
      byte[] src, int srcWidth, int c, int rowFrom, int rows, BicubicKernel k) {
    if (c == 3) {
      return horizontalRgb(src, srcWidth, rowFrom, rows, k);
    }
    int outWidth = k.first.length;
    byte[] out = new byte[rows * outWidth * c];
    int[] fixed = k.fixed;
    int o = 0;
    for (int row = 0; row < rows; row++) {
      int rowStart = (rowFrom + row) * srcWidth * c;
      for (int x = 0; x < outWidth; x++) {
        int start = rowStart + k.first[x] * c;
        int taps = k.taps[x];
        int kb = x * k.stride;
        for (int ch = 0; ch < c; ch++) {
          int sum = HALF;
          int p = start + ch;
          for (int t = 0; t < taps; t++, p += c) {
            sum += (src[p] & 0xFF) * fixed[kb + t];
          }
          out[o++] = clip8(sum);
        }
      }
    }
    return out;
  }

  /** The three-channel case of {@link #horizontal8}, all channels in one pass over the taps. */
  private static byte[] horizontalRgb(
      byte[] src, int srcWidth, int rowFrom, int rows, BicubicKernel k) {
    int outWidth = k.first.length;
    byte[] out = new byte[rows * outWidth * 3];
    int[] fixed = k.fixed;
    int o = 0;
    for (int row = 0; row < rows; row++) {
      int rowStart = (rowFrom + row) * srcWidth * 3;
      for (int x = 0; x < outWidth; x++) {
        int p = rowStart + k.first[x] * 3;
        int kb = x * k.stride;
        int end = kb + k.taps[x];
        int s0 = HALF;
        int s1 = HALF;
        int s2 = HALF;
        for (int t = kb; t < end; t++, p += 3) {
          int w = fixed[t];
          s0 += (src[p] & 0xFF) * w;
          s1 += (src[p + 1] & 0xFF) * w;
          s2 += (src[p + 2] & 0xFF) * w;
        }
        out[o] = clip8(s0);
        out[o + 1] = clip8(s1);
        out[o + 2] = clip8(s2);
        o += 3;
      }
    }
    return out;
  }

  /**
   * Vertical pass over {@code rowBytes} bytes of each row, accumulating whole rows so the inner
   * loop streams through memory.
   */
  private static byte[] vertical8(
      byte[] in, int inRowLength, int columnOffset, int firstRow, int rowBytes, BicubicKernel k) {
    int outRows = k.first.length;
    byte[] out = new byte[outRows * rowBytes];
    int[] acc = new int[rowBytes];
    for (int y = 0; y < outRows; y++) {
      java.util.Arrays.fill(acc, HALF);
      int kb = y * k.stride;
      for (int t = 0; t < k.taps[y]; t++) {
        int weight = k.fixed[kb + t];
        int base = (k.first[y] + t - firstRow) * inRowLength + columnOffset;
        for (int i = 0; i < rowBytes; i++) {
          acc[i] += (in[base + i] & 0xFF) * weight;
        }
      }
      int o = y * rowBytes;
      for (int i = 0; i < rowBytes; i++) {
        out[o + i] = clip8(acc[i]);
      }
    }
    return out;
  }

  /** Pillow's {@code clip8}: the 10.22 fixed-point sum to 0..255. */
  private static byte clip8(int sum) {
    if (sum >= (1 << BicubicKernel.PRECISION_BITS << 8)) {
      return (byte) 255;
    }
    if (sum <= 0) {
      return 0;
    }
    return (byte) (sum >> BicubicKernel.PRECISION_BITS);
  }

  /** The R×R crop of 32-bit samples (mode I), unclipped. */
  static int[] resizeCrop32(int[] src, ResizePlan plan) {
    int r = plan.resolution();
    int w = plan.width();
    BicubicKernel vertical =
        plan.resizesHeight()
            ? BicubicKernel.of(plan.height(), plan.resizedHeight(), plan.top(), r)
            : null;
    int rowFrom = vertical != null ? vertical.firstInput() : plan.top();
    int rowTo = vertical != null ? vertical.endInput() : plan.top() + r;

    int[] mid;
    int midRowLength;
    int midColumnOffset;
    int midFirstRow;
    if (plan.resizesWidth()) {
      BicubicKernel k = BicubicKernel.of(w, plan.resizedWidth(), plan.left(), r);
      int rows = rowTo - rowFrom;
      mid = new int[rows * r];
      for (int row = 0; row < rows; row++) {
        int rowStart = (rowFrom + row) * w;
        for (int x = 0; x < r; x++) {
          double sum = 0.0;
          int kb = x * k.stride;
          int start = rowStart + k.first[x];
          for (int t = 0; t < k.taps[x]; t++) {
            sum += src[start + t] * k.weights[kb + t];
          }
          mid[row * r + x] = roundHalfAwayFromZero(sum);
        }
      }
      midRowLength = r;
      midColumnOffset = 0;
      midFirstRow = rowFrom;
    } else {
      mid = src;
      midRowLength = w;
      midColumnOffset = plan.left();
      midFirstRow = 0;
    }
    int[] out = new int[r * r];
    for (int y = 0; y < r; y++) {
      if (vertical == null) {
        System.arraycopy(
            mid, (plan.top() + y - midFirstRow) * midRowLength + midColumnOffset, out, y * r, r);
        continue;
      }
      int kb = y * vertical.stride;
      for (int x = 0; x < r; x++) {
        double sum = 0.0;
        for (int t = 0; t < vertical.taps[y]; t++) {
          int row = vertical.first[y] + t - midFirstRow;
          sum += mid[row * midRowLength + midColumnOffset + x] * vertical.weights[kb + t];
        }
        out[y * r + x] = roundHalfAwayFromZero(sum);
      }
    }
    return out;
  }

  /** Pillow's {@code ROUND_UP}: {@code (int)(f >= 0 ? f + 0.5 : f - 0.5)}. */
  private static int roundHalfAwayFromZero(double f) {
    return (int) (f >= 0.0 ? f + 0.5 : f - 0.5);
  }
}
