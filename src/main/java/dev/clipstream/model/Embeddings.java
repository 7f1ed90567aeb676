package dev.clipstream.model;

/** Vector helpers for embeddings: L2 normalisation and cosine similarity, in float32 like CLIP. */
public final class Embeddings {
  private Embeddings() {}

  /** Returns {@code v / |v|}; a zero vector stays zero rather than becoming NaN. */
  public static float[] normalized(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    float[] out = new float[v.length];
    if (sum == 0) {
      return out;
    }
    float inv = (float) (1.0 / Math.sqrt(sum));
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  /** Dot product of two vectors of the same length. */
  public static float dot(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("length " + a.length + " != " + b.length);
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return (float) s;
  }

  /** Cosine similarity; 0 when either vector is zero. */
  public static float cosine(float[] a, float[] b) {
    return dot(normalized(a), normalized(b));
  }

  /** Row {@code row} of a flat {@code [rows, dim]} matrix. */
  public static float[] row(float[] flat, int row, int dim) {
    float[] out = new float[dim];
    System.arraycopy(flat, row * dim, out, 0, dim);
    return out;
  }
}
