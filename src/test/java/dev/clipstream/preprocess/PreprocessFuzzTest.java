package dev.clipstream.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.testing.Oracle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutated images (byte flips, truncations, splices) either preprocess or fail with an {@link
 * ImageDecodeException}: never another exception, a hang or an out-of-memory error.
 */
class PreprocessFuzzTest {
  private static final int CASES = 10_000;
  private static final long SEED = 0x5EED_C11BL;

  /** The oracle's smaller images (the two 900 KB noise PNGs would only slow the run down). */
  private static final List<String> ORACLE_IMAGES =
      List.of(
          "01_rgb_gradient_224x224.png",
          "02_rgb_checker_640x480.png",
          "04_rgb_bands_37x501.png",
          "05_rgb_solid_1x1.png",
          "06_rgb_hue_1000x300_q90.jpg",
          "07_gray_L_rings_300x200.png",
          "08_rgba_alpha_256x256.png",
          "09_palette_P_333x251.png",
          "10_rgb_scene_640x480_q90_444.jpg",
          "11_gray16_200x150.png");

  private static List<byte[]> corpus() throws Exception {
    Path oracle = Oracle.dir();
    List<byte[]> corpus = new ArrayList<>();
    for (String name : ORACLE_IMAGES) {
      corpus.add(Files.readAllBytes(oracle.resolve("images").resolve(name)));
    }
    corpus.add(TestImages.encode(TestImages.pattern(48, 32), "gif"));
    corpus.add(TestImages.encode(TestImages.pattern(48, 32), "bmp"));
    for (String webp :
        List.of("lossless_rgb_7x5.webp", "lossless_rgba_7x5.webp", "lossy_gradient_64x48.webp")) {
      corpus.add(resource(webp));
    }
    return corpus;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = PreprocessFuzzTest.class.getResourceAsStream("/preprocess/" + name)) {
      return in.readAllBytes();
    }
  }

  private static byte[] mutate(List<byte[]> corpus, SplittableRandom random) {
    byte[] base = corpus.get(random.nextInt(corpus.size()));
    switch (random.nextInt(4)) {
      case 0 -> { // flip a few bytes anywhere
        byte[] out = base.clone();
        for (int i = random.nextInt(1, 9); i > 0; i--) {
          out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
      }
      case 1 -> { // flip bytes in the header, where sizes and types live
        byte[] out = base.clone();
        for (int i = random.nextInt(1, 4); i > 0; i--) {
          out[random.nextInt(Math.min(out.length, 64))] = (byte) random.nextInt(256);
        }
        return out;
      }
      case 2 -> { // truncate
        return Arrays.copyOf(base, random.nextInt(base.length + 1));
      }
      default -> { // splice the head of one image onto the tail of another
        byte[] other = corpus.get(random.nextInt(corpus.size()));
        int head = random.nextInt(base.length + 1);
        int tailStart = random.nextInt(other.length + 1);
        byte[] out = Arrays.copyOf(base, head + other.length - tailStart);
        System.arraycopy(other, tailStart, out, head, other.length - tailStart);
        return out;
      }
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void tenThousandMutatedImagesNeverThrowAnythingButImageDecodeException() throws Exception {
    List<byte[]> corpus = corpus();
    // A small output keeps the run fast; 4 MP bounds what a mutated header can make us allocate.
    ClipPreprocessor preprocessor =
        new ClipPreprocessor(PreprocessOptions.clip(32).withLimits(4_000_000, 1 << 24));
    SplittableRandom random = new SplittableRandom(SEED);
    float[] dest = new float[3 * 32 * 32];
    Map<ImageDecodeException.Reason, Integer> refusals =
        new EnumMap<>(ImageDecodeException.Reason.class);
    List<String> unexpected = new ArrayList<>();
    int decoded = 0;
    long start = System.nanoTime();
    long slowestNanos = 0;
    int slowestCase = -1;
    for (int i = 0; i < CASES; i++) {
      byte[] input = mutate(corpus, random);
      long caseStart = System.nanoTime();
      try {
        preprocessor.preprocessInto(input, dest, 0);
        decoded++;
      } catch (ImageDecodeException e) {
        assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "empty message");
        refusals.merge(e.reason(), 1, Integer::sum);
      } catch (Throwable t) {
        unexpected.add("case " + i + ": " + t);
      }
      long caseNanos = System.nanoTime() - caseStart;
      if (caseNanos > slowestNanos) {
        slowestNanos = caseNanos;
        slowestCase = i;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "fuzz: %d cases in %.1f s (slowest: case %d, %.0f ms): %d decoded, refusals %s,"
            + " %d unexpected%n",
        CASES, seconds, slowestCase, slowestNanos / 1e6, decoded, refusals, unexpected.size());
    assertEquals(List.of(), unexpected.subList(0, Math.min(10, unexpected.size())));
    assertTrue(decoded > 0, "some mutations (e.g. in pixel data) should still decode");
  }
}
