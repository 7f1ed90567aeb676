package dev.clipstream.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The public facade: layouts, offsets, raw pixels and argument checks. */
class ClipPreprocessorTest {
  private final ClipPreprocessor preprocessor = new ClipPreprocessor(PreprocessOptions.clip(16));

  @Test
  void preprocessIntoWritesOneTensorAtTheOffsetAndNothingElse() throws Exception {
    byte[] png = TestImages.encode(TestImages.pattern(40, 30), "png");
    float[] dest = new float[10 + 3 * 16 * 16 + 10];
    Arrays.fill(dest, Float.NaN);
    preprocessor.preprocessInto(png, dest, 10);
    float[] alone = preprocessor.preprocess(png);
    assertArrayEquals(alone, Arrays.copyOfRange(dest, 10, 10 + alone.length));
    for (int i = 0; i < 10; i++) {
      assertTrue(Float.isNaN(dest[i]) && Float.isNaN(dest[dest.length - 1 - i]));
    }
  }

  @Test
  void rawRgbPixelsGiveTheSameTensorAsTheLosslessFile() throws Exception {
    BufferedImage image = TestImages.pattern(40, 30);
    float[] fromFile = preprocessor.preprocess(TestImages.encode(image, "png"));
    byte[] rgb = TestImages.rgbOf(image);
    byte[] untouched = rgb.clone();
    float[] fromPixels = new float[3 * 16 * 16];
    preprocessor.preprocessRgbInto(rgb, 40, 30, fromPixels, 0);
    assertArrayEquals(fromFile, fromPixels);
    assertArrayEquals(untouched, rgb, "the caller's pixels must not be modified");
  }

  @Test
  void tensorIsChannelPlanesOfToTensorThenNormalizeInFloat32() throws Exception {
    // A 16x16 image needs no resize or crop, so the tensor is the pixels normalised.
    BufferedImage image = TestImages.pattern(16, 16);
    float[] tensor = preprocessor.preprocess(TestImages.encode(image, "png"));
    float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
    float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
    int[] pixel = new int[3];
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        image.getRaster().getPixel(x, y, pixel);
        for (int c = 0; c < 3; c++) {
          float expected = ((float) pixel[c] / 255f - mean[c]) / std[c];
          assertEquals(expected, tensor[c * 256 + y * 16 + x]);
        }
      }
    }
  }

  @Test
  void destinationTooSmallIsAnIllegalArgumentNamingTheSizes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> preprocessor.preprocessInto(new byte[] {1}, new float[100], 0));
    assertTrue(e.getMessage().contains("768"), e.getMessage());
  }

  @Test
  void optionsRejectBadValuesNamingThem() {
    float[] three = {0.5f, 0.5f, 0.5f};
    IllegalArgumentException resolution =
        assertThrows(
            IllegalArgumentException.class, () -> new PreprocessOptions(0, three, three, 1, 1));
    assertTrue(resolution.getMessage().contains("resolution"), resolution.getMessage());
    IllegalArgumentException std =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PreprocessOptions(224, three, new float[] {1, 0, 1}, 1, 1));
    assertTrue(std.getMessage().contains("std"), std.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new PreprocessOptions(224, three, three, 0, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new PreprocessOptions(224, three, three, 1, -1));
  }

  @Test
  void clipOptionsHaveClipConstantsAndDefaultLimits() {
    PreprocessOptions options = PreprocessOptions.clip(224);
    assertArrayEquals(new float[] {0.48145466f, 0.4578275f, 0.40821073f}, options.mean());
    assertArrayEquals(new float[] {0.26862954f, 0.26130258f, 0.27577711f}, options.std());
    assertEquals(40_000_000L, options.maxPixels());
    assertEquals(64L << 20, options.maxBytes());
    options.mean()[0] = 99f;
    assertEquals(0.48145466f, options.mean()[0], "options must be immutable");
  }

  @Test
  void cropCentresWithPythonRoundHalfToEven() throws Exception {
    // 333x251 at 224: resized to 297x224, left = round(36.5) = 36 (Java's Math.round gives 37).
    ResizePlan plan = ResizePlan.of(333, 251, 224);
    assertEquals(297, plan.resizedWidth());
    assertEquals(36, plan.left());
    // 37x501 at 224: resized to 224x3033, top = round(1404.5) = 1404.
    assertEquals(1404, ResizePlan.of(37, 501, 224).top());
    // 224x225 is not resized; top = round(0.5) = 0.
    ResizePlan noResize = ResizePlan.of(224, 225, 224);
    assertEquals(0, noResize.top());
    assertTrue(!noResize.resizes());
  }
}
