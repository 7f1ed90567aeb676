package dev.clipstream.cli.bench;

import dev.clipstream.model.ImageEncoder;
import dev.clipstream.model.TextEncoder;
import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.tokenizer.ClipTokenizer;
import dev.clipstream.tokenizer.TokenizedText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/**
 * The physical limit the server is held to: our own TF-Java session called in-process.
 *
 * <p>"Model only" feeds inputs built in advance (the copy into the TF tensor is included, as the
 * server pays it too). "End to end" decodes and preprocesses JPEGs, or tokenises captions, inside
 * the timed loop, with one worker per core so preprocessing overlaps model execution; its CPU time
 * per item is the reference for the server's added CPU cost.
 */
final class RawBench {
  private final BenchSettings settings;
  private final ProgressBar progress;

  RawBench(BenchSettings settings, ProgressBar progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Per batch size: model-only and end-to-end throughput of the image tower. */
  Map<Integer, RawPoint> image(
      String model, ImageEncoder encoder, ClipPreprocessor preprocessor, List<byte[]> jpegs)
      throws InterruptedException {
    int r = encoder.imageResolution();
    int perImage = 3 * r * r;
    Map<Integer, RawPoint> points = new LinkedHashMap<>();
    for (int batch : settings.batchSizes()) {
      progress.step(model + " raw image model-only b=" + batch);
      float[] pixels = randomPixels(batch * perImage, batch);
      LatencyStats modelOnly =
          ClosedLoop.run(
              1,
              settings.warmupSeconds(),
              settings.measureSeconds(),
              w ->
                  () -> {
                    encoder.encodeImages(pixels, batch);
                    return batch;
                  });
      progress.step(model + " raw image end-to-end b=" + batch);
      LatencyStats endToEnd =
          ClosedLoop.run(
              settings.cores(),
              settings.warmupSeconds(),
              settings.measureSeconds(),
              imageEndToEnd(encoder, preprocessor, jpegs, batch),
              ProcessCpu::self);
      LatencyStats serial = batch == 1 ? imageSerial(encoder, preprocessor, jpegs) : null;
      points.put(batch, new RawPoint(modelOnly, endToEnd, serial));
    }
    return points;
  }

  /**
   * End-to-end image workers: each decodes and preprocesses {@code batch} JPEGs into its own
   * buffer, then runs the model once per call.
   */
  static IntFunction<ClosedLoop.Call> imageEndToEnd(
      ImageEncoder encoder, ClipPreprocessor preprocessor, List<byte[]> jpegs, int batch) {
    int r = encoder.imageResolution();
    int perImage = 3 * r * r;
    return w -> {
      float[] buffer = new float[batch * perImage];
      int[] next = {w};
      return () -> {
        for (int i = 0; i < batch; i++) {
          byte[] jpeg = jpegs.get(next[0]++ % jpegs.size());
          preprocessor.preprocessInto(jpeg, buffer, i * perImage);
        }
        encoder.encodeImages(buffer, batch);
        return batch;
      };
    };
  }

  /** End-to-end text workers: each tokenises {@code batch} captions, then runs the model once. */
  static IntFunction<ClosedLoop.Call> textEndToEnd(
      TextEncoder encoder, ClipTokenizer tokenizer, List<String> captions, int batch) {
    int context = encoder.contextLength();
    return w -> {
      int[] buffer = new int[batch * context];
      int[] next = {w};
      return () -> {
        for (int i = 0; i < batch; i++) {
          TokenizedText t = tokenizer.encode(captions.get(next[0]++ % captions.size()));
          System.arraycopy(t.ids(), 0, buffer, i * context, context);
        }
        encoder.encodeTexts(buffer, batch);
        return batch;
      };
    };
  }

  /**
   * One caller, batch 1, decode + preprocess + model: the latency a lone server call competes with.
   */
  private LatencyStats imageSerial(
      ImageEncoder encoder, ClipPreprocessor preprocessor, List<byte[]> jpegs)
      throws InterruptedException {
    return ClosedLoop.run(
        1,
        settings.warmupSeconds(),
        settings.measureSeconds(),
        w -> imageBatch1Call(encoder, preprocessor, jpegs));
  }

  /** One end-to-end batch-1 image per call, cycling through {@code jpegs}. */
  static ClosedLoop.Call imageBatch1Call(
      ImageEncoder encoder, ClipPreprocessor preprocessor, List<byte[]> jpegs) {
    return imageBatch1Call(encoder, preprocessor, jpegs, nanos -> {});
  }

  /** As above, reporting each call's model time (the encoder call alone) to {@code modelNanos}. */
  static ClosedLoop.Call imageBatch1Call(
      ImageEncoder encoder,
      ClipPreprocessor preprocessor,
      List<byte[]> jpegs,
      LongConsumer modelNanos) {
    int r = encoder.imageResolution();
    float[] buffer = new float[3 * r * r];
    int[] next = {0};
    return () -> {
      preprocessor.preprocessInto(jpegs.get(next[0]++ % jpegs.size()), buffer, 0);
      long start = System.nanoTime();
      encoder.encodeImages(buffer, 1);
      modelNanos.accept(System.nanoTime() - start);
      return 1;
    };
  }

  /** Per batch size: model-only and end-to-end throughput of the text tower. */
  Map<Integer, RawPoint> text(
      String model, TextEncoder encoder, ClipTokenizer tokenizer, List<String> captions)
      throws InterruptedException {
    int context = encoder.contextLength();
    Map<Integer, RawPoint> points = new LinkedHashMap<>();
    for (int batch : settings.batchSizes()) {
      progress.step(model + " raw text model-only b=" + batch);
      int[] ids = new int[batch * context];
      for (int i = 0; i < batch; i++) {
        int[] one = tokenizer.encode(captions.get(i % captions.size()), context).ids();
        System.arraycopy(one, 0, ids, i * context, context);
      }
      LatencyStats modelOnly =
          ClosedLoop.run(
              1,
              settings.warmupSeconds(),
              settings.measureSeconds(),
              w ->
                  () -> {
                    encoder.encodeTexts(ids, batch);
                    return batch;
                  });
      progress.step(model + " raw text end-to-end b=" + batch);
      LatencyStats endToEnd =
          ClosedLoop.run(
              settings.cores(),
              settings.warmupSeconds(),
              settings.measureSeconds(),
              textEndToEnd(encoder, tokenizer, captions, batch),
              ProcessCpu::self);
      LatencyStats serial = batch == 1 ? textSerial(encoder, tokenizer, captions) : null;
      points.put(batch, new RawPoint(modelOnly, endToEnd, serial));
    }
    return points;
  }

  /** One caller, batch 1, tokenise + model. */
  private LatencyStats textSerial(
      TextEncoder encoder, ClipTokenizer tokenizer, List<String> captions)
      throws InterruptedException {
    return ClosedLoop.run(
        1,
        settings.warmupSeconds(),
        settings.measureSeconds(),
        w -> textBatch1Call(encoder, tokenizer, captions));
  }

  /** One end-to-end batch-1 caption per call, cycling through {@code captions}. */
  static ClosedLoop.Call textBatch1Call(
      TextEncoder encoder, ClipTokenizer tokenizer, List<String> captions) {
    return textBatch1Call(encoder, tokenizer, captions, nanos -> {});
  }

  /** As above, reporting each call's model time (the encoder call alone) to {@code modelNanos}. */
  static ClosedLoop.Call textBatch1Call(
      TextEncoder encoder,
      ClipTokenizer tokenizer,
      List<String> captions,
      LongConsumer modelNanos) {
    int[] next = {0};
    return () -> {
      int[] ids = tokenizer.encode(captions.get(next[0]++ % captions.size())).ids();
      long start = System.nanoTime();
      encoder.encodeTexts(ids, 1);
      modelNanos.accept(System.nanoTime() - start);
      return 1;
    };
  }

  private static float[] randomPixels(int n, long seed) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  /** Distinct captions, so the tokenizer's cache does not make text look free. */
  static List<String> captions(int count) {
    String[] colours = {"red", "green", "blue", "yellow", "purple", "orange", "white", "black"};
    String[] things = {"dog", "cat", "car", "house", "tree", "boat", "bird", "horse", "bicycle"};
    String[] places = {"on a beach", "in a city", "at night", "in the snow", "on a table"};
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(
          "a photo of a "
              + colours[i % colours.length]
              + " "
              + things[(i / colours.length) % things.length]
              + " "
              + places[(i / 7) % places.length]
              + " number "
              + i);
    }
    return out;
  }

  /**
   * One batch size's measurements.
   *
   * @param modelOnly one caller, inputs made in advance
   * @param endToEnd one caller per core, decode/tokenise inside the loop
   * @param serialEndToEnd batch 1 only: one caller, end to end (null for other sizes)
   */
  record RawPoint(LatencyStats modelOnly, LatencyStats endToEnd, LatencyStats serialEndToEnd) {}
}
