package dev.clipstream.service;

import dev.clipstream.model.ImageEncoder;
import dev.clipstream.model.TextEncoder;
import dev.clipstream.preprocess.SyntheticImages;
import java.util.List;
import java.util.Random;

/**
 * Runs every signature of a model at a few batch sizes before it is reported ready, so that the
 * first real call does not pay for graph optimisation and allocation; and runs the model's image
 * and text preparation on synthetic inputs, so that the JIT has compiled those hot paths too.
 */
public final class ModelWarmup {
  /** Sizes of the synthetic JPEGs: a VGA frame and an HD frame take different resize paths. */
  private static final int[][] WARMUP_IMAGE_SIZES = {{640, 480}, {1280, 720}};

  private static final String[] WARMUP_WORDS = {
    "a", "photo", "of", "red", "circle", "dog", "on", "the", "beach", "Zürich", "night", "2026"
  };

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

  /**
   * Decodes, resizes and normalises {@code images} synthetic JPEGs and tokenises {@code texts}
   * varied captions with the model's own preparers. Why: on a small machine the JIT compiler
   * threads otherwise compete with the first minutes of traffic (a probe on 2 cores measured the C2
   * compiler at 12 % of the server's CPU after 3,000 image calls), which is what a freshly
   * scaled-up replica would serve first.
   */
  public static void warmUpPreparation(ServedModel model, int images, int texts) {
    if (images < 0 || texts < 0) {
      throw new IllegalArgumentException(
          "warm-up counts must be >= 0, got images=" + images + ", texts=" + texts);
    }
    int r = model.imageEncoder().imageResolution();
    float[] pixels = new float[3 * r * r];
    byte[][] jpegs = new byte[WARMUP_IMAGE_SIZES.length][];
    for (int i = 0; i < jpegs.length && i < images; i++) {
      jpegs[i] = SyntheticImages.jpeg(WARMUP_IMAGE_SIZES[i][0], WARMUP_IMAGE_SIZES[i][1], i);
    }
    for (int i = 0; i < images; i++) {
      byte[] jpeg = jpegs[i % jpegs.length];
      model.imagePreparer().prepare(new ImageInput.Encoded(jpeg)).writeInto(pixels, 0);
    }
    Random random = new Random(0);
    for (int i = 0; i < texts; i++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0, n = 2 + random.nextInt(8); w < n; w++) {
        text.append(WARMUP_WORDS[random.nextInt(WARMUP_WORDS.length)]).append(' ');
      }
      model.textPreparer().prepare(text.append(i).toString());
    }
  }

  private static void check(ServedModel model, String signature, int got, int expected) {
    if (got != expected) {
      throw new IllegalStateException(
          model.name() + " " + signature + " returned " + got + " floats, expected " + expected);
    }
  }
}
