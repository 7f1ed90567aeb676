package dev.clipstream.service;

import dev.clipstream.batching.Batch;
import dev.clipstream.batching.BatchProcessor;
import dev.clipstream.model.ImageEncoder;
import dev.clipstream.model.TextEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch processors of the two towers: concatenate the items into one flat array, call the port
 * once for the whole batch, and split the flat result into one embedding per item.
 */
final class TowerProcessors {
  private TowerProcessors() {}

  /**
   * Items are prepared images; each writes its normalised pixels straight into the model's batch
   * input. Results are {@code [D]} embeddings.
   */
  static BatchProcessor<PreparedImage, float[]> image(ImageEncoder encoder) {
    return batch -> {
      int n = batch.size();
      List<PreparedImage> items = batch.inputs();
      return split(
          encoder.encodeImages(n, (i, dest, offset) -> items.get(i).writeInto(dest, offset)),
          n,
          encoder.embedDim(),
          "encodeImages");
    };
  }

  /** Items are {@code [contextLength]} id arrays; results are {@code [D]} embeddings. */
  static BatchProcessor<int[], float[]> text(TextEncoder encoder) {
    int context = encoder.contextLength();
    return (Batch<int[]> batch) -> {
      int n = batch.size();
      int[] flat = new int[n * context];
      for (int i = 0; i < n; i++) {
        int[] ids = batch.inputs().get(i);
        if (ids.length != context) {
          throw new IllegalArgumentException(
              "text item " + i + " has " + ids.length + " ids, expected " + context);
        }
        System.arraycopy(ids, 0, flat, i * context, context);
      }
      return split(encoder.encodeTexts(flat, n), n, encoder.embedDim(), "encodeTexts");
    };
  }

  private static List<float[]> split(float[] flat, int n, int dim, String what) {
    if (flat == null || flat.length != n * dim) {
      throw new IllegalStateException(
          what
              + " returned "
              + (flat == null ? "null" : flat.length + " floats")
              + " for "
              + n
              + " items of dimension "
              + dim);
    }
    List<float[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] row = new float[dim];
      System.arraycopy(flat, i * dim, row, 0, dim);
      rows.add(row);
    }
    return rows;
  }
}
