package dev.clipstream.service;

import dev.clipstream.model.ImageEncoder;
import dev.clipstream.model.TextEncoder;
import java.util.List;

/**
 * Runs every signature of a model at a few batch sizes before it is reported ready, so that the
 * first real call does not pay for graph optimisation and allocation.
 */
public final class ModelWarmup {
  private ModelWarmup() {}

  /**
   * Calls both towers once per batch size with blank images and a short text and checks the output
   * shapes.
   *
   * @throws IllegalStateException when a tower returns the wrong number of floats
   */
  public static void warmUp(ServedModel model, List<Integer> batchSizes) {
    ImageEncoder images = model.imageEncoder();
    TextEncoder texts = model.textEncoder();
    int r = images.imageResolution();
    int context = texts.contextLength();
    // The model's own tokenisation of a text, valid for its vocabulary whatever its size.
    int[] sample = model.textPreparer().prepare("a photo").ids();
    for (int batch : batchSizes) {
      if (batch < 1) {
        throw new IllegalArgumentException("warm-up batch size must be >= 1, got " + batch);
      }
      float[] out = images.encodeImages(new float[batch * 3 * r * r], batch);
      check(model, "encode_image", out.length, batch * images.embedDim());
      int[] ids = new int[batch * context];
      for (int i = 0; i < batch; i++) {
        System.arraycopy(sample, 0, ids, i * context, context);
      }
      float[] textOut = texts.encodeTexts(ids, batch);
      check(model, "encode_text", textOut.length, batch * texts.embedDim());
    }
  }

  private static void check(ServedModel model, String signature, int got, int expected) {
    if (got != expected) {
      throw new IllegalStateException(
          model.name() + " " + signature + " returned " + got + " floats, expected " + expected);
    }
  }
}
