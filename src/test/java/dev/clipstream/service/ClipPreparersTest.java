package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.PreprocessOptions;
import dev.clipstream.testing.Oracle;
import dev.clipstream.tokenizer.ClipTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The adapters from the tokenizer and the preprocessor to the service's ports. */
class ClipPreparersTest {
  private final ClipImagePreparer images =
      new ClipImagePreparer(
          new ClipPreprocessor(PreprocessOptions.clip(224).withLimits(1_000_000, 100_000)));

  @Test
  void textsAreTokenisedExactlyAsGoldenWithTheTruncationFlag() throws Exception {
    Path oracle = Oracle.dir();
    var preparer =
        new ClipTextPreparer(
            ClipTokenizer.fromBpeGz(oracle.resolve("bpe_simple_vocab_16e6.txt.gz")), 77);
    JsonNode texts =
        new ObjectMapper().readTree(oracle.resolve("golden.json").toFile()).get("texts");
    for (JsonNode t : texts) {
      PreparedText p = preparer.prepare(t.get("text").asText());
      int[] expected = new int[77];
      for (int i = 0; i < 77; i++) {
        expected[i] = t.get("ids").get(i).asInt();
      }
      assertArrayEquals(expected, p.ids(), t.get("text").asText());
      assertEquals(t.get("n").asInt(), p.tokenCount());
    }
    assertTrue(preparer.prepare("word ".repeat(100)).truncated());
  }

  @Test
  void oracleImageIsPreprocessedToTheGoldenPixels() throws Exception {
    Path oracle = Oracle.dir();
    JsonNode image =
        new ObjectMapper().readTree(oracle.resolve("golden.json").toFile()).get("images").get(1);
    float[] pixels = new float[3 * 224 * 224];
    images.prepareInto(
        new ImageInput.Encoded(Files.readAllBytes(oracle.resolve(image.get("file").asText()))),
        pixels,
        0);
    JsonNode indices =
        new ObjectMapper()
            .readTree(oracle.resolve("golden.json").toFile())
            .get("preprocess")
            .get("sample_flat_indices");
    for (int i = 0; i < indices.size(); i++) {
      assertEquals(
          image.get("pixel_samples").get(i).asDouble(), pixels[indices.get(i).asInt()], 1e-6);
    }
  }

  @Test
  void undecodableBytesAreInvalidNamingTheReason() {
    var e =
        assertThrows(
            ClipServiceException.class,
            () ->
                images.prepareInto(
                    new ImageInput.Encoded(new byte[] {1, 2, 3, 4}), new float[3 * 224 * 224], 0));
    assertEquals(ClipServiceException.Kind.INVALID_ARGUMENT, e.kind());
    assertTrue(e.getMessage().startsWith("undecodable image ("), e.getMessage());
    assertEquals("images[3]", e.inField("images[3]").field());
  }

  @Test
  void imagesOverTheLimitsAreResourceExhausted() {
    var e =
        assertThrows(
            ClipServiceException.class,
            () ->
                images.prepareInto(
                    new ImageInput.Raw(new byte[3 * 2000 * 1000], 2000, 1000),
                    new float[3 * 224 * 224],
                    0));
    assertEquals(ClipServiceException.Kind.RESOURCE_EXHAUSTED, e.kind());
  }

  @Test
  void aPreparedImageWritesTheSameFloatsAsPrepareInto() throws Exception {
    Path oracle = Oracle.dir();
    JsonNode image =
        new ObjectMapper().readTree(oracle.resolve("golden.json").toFile()).get("images").get(1);
    ImageInput input =
        new ImageInput.Encoded(Files.readAllBytes(oracle.resolve(image.get("file").asText())));
    float[] direct = new float[3 * 224 * 224];
    images.prepareInto(input, direct, 0);
    float[] later = new float[5 + 3 * 224 * 224];
    images.prepare(input).writeInto(later, 5);
    assertArrayEquals(direct, java.util.Arrays.copyOfRange(later, 5, later.length));
    byte[] rgb = new byte[3 * 40 * 30];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7);
    }
    ImageInput raw = new ImageInput.Raw(rgb, 40, 30);
    images.prepareInto(raw, direct, 0);
    images.prepare(raw).writeInto(later, 5);
    assertArrayEquals(direct, java.util.Arrays.copyOfRange(later, 5, later.length));
  }

  @Test
  void prepareRefusesUndecodableBytesAtOnceNotWhenTheBatchRuns() {
    var e =
        assertThrows(
            ClipServiceException.class,
            () -> images.prepare(new ImageInput.Encoded(new byte[] {1, 2, 3, 4})));
    assertEquals(ClipServiceException.Kind.INVALID_ARGUMENT, e.kind());
  }
}
