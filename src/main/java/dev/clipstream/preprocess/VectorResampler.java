package dev.clipstream.preprocess;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The passes of {@link PillowResampler#resizeCrop8} on SIMD lanes (the JDK's incubating Vector
 * API): the same 10.22 fixed-point integer sums in the same order, so the bytes are identical,
 * computed 16 (AVX-512) or 8 (AVX2) at a time.
 *
 * <p>Why it is laid out this way: a vertical pass is naturally vector-shaped (each output row is a
 * weighted sum of whole input rows, so every byte of a row is an independent lane), but Pillow's
 * horizontal pass reads a different window of each row for every output column. So the horizontal
 * pass runs on bands of {@code N} source rows (N = lanes per vector) transposed into column-major
 * order: there a source column is {@code N × channels} contiguous bytes, and an output column is a
 * weighted sum of whole source columns, vector-shaped again. A band (at most a few tens of KB)
 * stays in the L1 cache while it is transposed, filtered and transposed back into the row-major
 * intermediate image that the vertical pass reads.
 *
 * <p>Only loaded when the {@code jdk.incubator.vector} module is in the boot layer ({@link
 * Resamplers}); the JVM needs {@code --add-modules jdk.incubator.vector}.
 */
final class VectorResampler implements PillowResampler.Passes8 {
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;

  /**
   * Bytes with as many lanes as {@link #INTS}, widened to ints lane for lane. At least 64 bits so
   * that this class still loads where {@link #worthwhile} says no (128-bit ints would need 32-bit
   * byte vectors, which the API does not have).
   */
  private static final VectorSpecies<Byte> BYTES =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, INTS.vectorBitSize() / 4)));

  private static final int LANES = INTS.length();
  private static final int SHIFT = BicubicKernel.PRECISION_BITS;
  private static final int HALF = 1 << (SHIFT - 1);

  /** Whether vectors pay here: at least 256-bit registers (AVX2 or wider). */
  static boolean worthwhile() {
    return INTS.vectorBitSize() >= 256;
  }

  @Override
  public String description() {
    return "Vector API, " + INTS.vectorBitSize() + "-bit (" + LANES + " lanes)";
  }

  @Override
  public byte[] vertical(
      byte[] in, int inRowLength, int columnOffset, int firstRow, int rowBytes, BicubicKernel k) {
    int outRows = k.first.length;
    byte[] out = new byte[outRows * rowBytes];
    for (int y = 0; y < outRows; y++) {
      int first = (k.first[y] - firstRow) * inRowLength + columnOffset;
      filter(in, inRowLength, first, k, y, out, y * rowBytes, rowBytes);
    }
    return out;
  }

  @Override
  public byte[] horizontal(
      byte[] src, int srcWidth, int c, int rowFrom, int rows, BicubicKernel k) {
    int r = k.first.length;
    int colFrom = k.firstInput();
    int cols = k.endInput() - colFrom;
    int pitch = srcWidth * c;
    byte[] mid = new byte[rows * r * c];
    byte[] band = new byte[cols * LANES * c]; // [column][band row][channel]
    byte[] bandOut = new byte[r * LANES * c]; // [output column][band row][channel]
    for (int y0 = 0; y0 < rows; y0 += LANES) {
      int bandRows = Math.min(LANES, rows - y0);
      int column = bandRows * c; // bytes of one column of the band
      transposeIn(src, (rowFrom + y0) * pitch + colFrom * c, pitch, bandRows, cols, c, band);
      for (int x = 0; x < r; x++) {
        int firstColumn = (k.first[x] - colFrom) * column;
        filter(band, column, firstColumn, k, x, bandOut, x * column, column);
      }
      transposeOut(bandOut, bandRows, r, c, mid, y0 * r * c);
    }
    return mid;
  }

  /**
   * Copies {@code rows × cols} pixels of c bytes from row-major {@code src} to column-major. RGB,
   * nearly every image, gets its own loop: the generic channel loop made the whole resize about
   * 1.5× slower.
   */
  private static void transposeIn(
      byte[] src, int start, int pitch, int rows, int cols, int c, byte[] band) {
    int column = rows * c;
    for (int x = 0; x < cols; x++) {
      int p = start + x * c;
      int q = x * column;
      if (c == 3) {
        for (int y = 0; y < rows; y++, p += pitch, q += 3) {
          band[q] = src[p];
          band[q + 1] = src[p + 1];
          band[q + 2] = src[p + 2];
        }
      } else {
        for (int y = 0; y < rows; y++, p += pitch, q += c) {
          System.arraycopy(src, p, band, q, c);
        }
      }
    }
  }

  /** Copies the band's {@code cols} filtered columns of {@code rows} pixels back to row-major. */
  private static void transposeOut(byte[] band, int rows, int cols, int c, byte[] mid, int start) {
    int column = rows * c;
    int o = start;
    for (int y = 0; y < rows; y++) {
      int q = y * c;
      if (c == 3) {
        for (int x = 0; x < cols; x++, q += column, o += 3) {
          mid[o] = band[q];
          mid[o + 1] = band[q + 1];
          mid[o + 2] = band[q + 2];
        }
      } else {
        for (int x = 0; x < cols; x++, q += column, o += c) {
          System.arraycopy(band, q, mid, o, c);
        }
      }
    }
  }

  /**
   * {@code out[o + i] = clip8(HALF + Σ_t in[first + t·pitch + i] · weight_t)} for {@code i <
   * length}, with output {@code index}'s weights: one filter tap is one whole row (or band column)
   * times one weight.
   */
  private static void filter(
      byte[] in, int pitch, int first, BicubicKernel k, int index, byte[] out, int o, int length) {
    int[] weights = k.fixed;
    int kb = index * k.stride;
    int taps = k.taps[index];
    // Scalar operands are broadcast here rather than passed to mul(int), and(int), max(int):
    // each of those is a chain of about eight calls before the intrinsic, and when this method is
    // inlined deep into a worker's task (vertical pass, depth 8 under the pool's lambda) C2's
    // inlining depth limit left broadcasts as out-of-line calls on boxed vectors (6 % of the
    // preprocessing threads' time in a perf profile of serve).
    IntVector half = IntVector.broadcast(INTS, HALF);
    IntVector low8 = IntVector.broadcast(INTS, 0xFF);
    IntVector zero = IntVector.zero(INTS);
    IntVector max8 = IntVector.broadcast(INTS, 255);
    int i = 0;
    for (int bound = length - LANES; i <= bound; i += LANES) {
      IntVector sum = half;
      int p = first + i;
      for (int t = 0; t < taps; t++, p += pitch) {
        IntVector samples =
            ((IntVector)
                    ByteVector.fromArray(BYTES, in, p).convertShape(VectorOperators.B2I, INTS, 0))
                .and(low8); // B2I sign-extends; the samples are unsigned
        sum = sum.add(samples.mul(IntVector.broadcast(INTS, weights[kb + t])));
      }
      // Pillow's clip8 is exactly this clamp of the arithmetic shift.
      IntVector clipped = sum.lanewise(VectorOperators.ASHR, SHIFT).max(zero).min(max8);
      ((ByteVector) clipped.convertShape(VectorOperators.I2B, BYTES, 0)).intoArray(out, o + i);
    }
    for (; i < length; i++) {
      int sum = HALF;
      int p = first + i;
      for (int t = 0; t < taps; t++, p += pitch) {
        sum += (in[p] & 0xFF) * weights[kb + t];
      }
      out[o + i] = (byte) Math.max(0, Math.min(255, sum >> SHIFT));
    }
  }
}
