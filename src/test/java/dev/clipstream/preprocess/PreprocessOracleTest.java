package dev.clipstream.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipstream.testing.Oracle;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Our preprocessing against OpenAI's pipeline on Pillow, as recorded in the public oracle. */
class PreprocessOracleTest {
  private static final ClipPreprocessor PREPROCESSOR =
      new ClipPreprocessor(PreprocessOptions.clip(224));

  private static List<JsonNode> images(Path oracle) throws IOException {
    JsonNode golden = new ObjectMapper().readTree(oracle.resolve("golden.json").toFile());
    List<JsonNode> images = new ArrayList<>();
    golden.get("images").forEach(images::add);
    assertEquals(13, images.size(), "golden.json should list 13 images");
    return images;
  }

  private static byte[] read(Path oracle, JsonNode image) throws IOException {
    return Files.readAllBytes(oracle.resolve(image.get("file").asText()));
  }

  private static String name(JsonNode image) {
    return Path.of(image.get("file").asText()).getFileName().toString();
  }

  @TestFactory
  Stream<DynamicTest> everyCropEqualsTheExpectedCropByteForByte() throws IOException {
    Path oracle = Oracle.dir();
    return images(oracle).stream()
        .map(
            image ->
                DynamicTest.dynamicTest(
                    name(image),
                    () -> {
                      Rgb8Image crop = PREPROCESSOR.crop(read(oracle, image));
                      byte[] expected =
                          rgbSamples(oracle.resolve(image.get("expected_crop").asText()));
                      assertEquals(224, crop.width());
                      assertEquals(224, crop.height());
                      assertArrayEquals(expected, crop.rgb(), "crop bytes differ");
                      assertEquals(image.get("cropped_rgb_u8_sha256").asText(), sha256(crop.rgb()));
                    }));
  }

  @TestFactory
  Stream<DynamicTest> resizeSizeAndCropBoxMatchTorchvision() throws IOException {
    Path oracle = Oracle.dir();
    return images(oracle).stream()
        .map(
            image ->
                DynamicTest.dynamicTest(
                    name(image),
                    () -> {
                      JsonNode size = image.get("size");
                      ResizePlan plan =
                          ResizePlan.of(size.get(0).asInt(), size.get(1).asInt(), 224);
                      JsonNode resizeTo = image.get("resize_to");
                      JsonNode box = image.get("crop_box");
                      assertEquals(resizeTo.get(0).asInt(), plan.resizedWidth());
                      assertEquals(resizeTo.get(1).asInt(), plan.resizedHeight());
                      assertEquals(box.get(0).asInt(), plan.left());
                      assertEquals(box.get(1).asInt(), plan.top());
                      assertEquals(box.get(2).asInt(), plan.left() + 224);
                      assertEquals(box.get(3).asInt(), plan.top() + 224);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> normalisedTensorMatchesGoldenPixelsWithin1e6() throws IOException {
    Path oracle = Oracle.dir();
    JsonNode golden = new ObjectMapper().readTree(oracle.resolve("golden.json").toFile());
    JsonNode sampleIndices = golden.get("preprocess").get("sample_flat_indices");
    return images(oracle).stream()
        .map(
            image ->
                DynamicTest.dynamicTest(
                    name(image),
                    () -> {
                      float[] tensor = PREPROCESSOR.preprocess(read(oracle, image));
                      assertEquals(3 * 224 * 224, tensor.length);
                      JsonNode samples = image.get("pixel_samples");
                      assertEquals(sampleIndices.size(), samples.size());
                      for (int i = 0; i < samples.size(); i++) {
                        int index = sampleIndices.get(i).asInt();
                        assertEquals(
                            samples.get(i).asDouble(), tensor[index], 1e-6, "sample at " + index);
                      }
                      JsonNode pixels = image.get("pixels");
                      if (pixels != null) {
                        assertEquals(tensor.length, pixels.size());
                        double worst = 0;
                        for (int i = 0; i < tensor.length; i++) {
                          worst = Math.max(worst, Math.abs(pixels.get(i).asDouble() - tensor[i]));
                        }
                        assertTrue(worst <= 1e-6, "max |delta| " + worst);
                      }
                    }));
  }

  /** The RGB samples of an 8-bit RGB PNG, read from its raster (never getRGB). */
  static byte[] rgbSamples(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    Raster raster = image.getRaster();
    assertEquals(3, raster.getNumBands(), "expected an RGB PNG: " + png);
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[w * h * 3];
    int[] pixel = new int[3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        raster.getPixel(x, y, pixel);
        for (int c = 0; c < 3; c++) {
          out[(y * w + x) * 3 + c] = (byte) pixel[c];
        }
      }
    }
    return out;
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
