package dev.clipstream.export.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.TextConfig;
import dev.clipstream.model.VisionConfig;
import dev.clipstream.testing.Oracle;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The training graph computes exactly OpenAI's CLIP: on the oracle's OpenAI-keyed weights it
 * reproduces the golden embeddings, so weights it trains mean the same in any exported model.
 */
class ClipTrainGraphOracleTest {
  private static final ClipConfig ORACLE =
      new ClipConfig(
          32,
          new VisionConfig(64, 2, 1, 32, 224, 256),
          new TextConfig(32, 2, 2, 77, 49408, 128),
          1e-5);
  private static JsonNode golden;
  private static Map<String, WeightTensor> weights;

  @BeforeAll
  static void load() throws Exception {
    Path dir = Oracle.dir();
    golden = new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
    weights = CheckpointReader.read(dir.resolve("openai/model.safetensors"));
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  private static void assertClose(float[] expected, float[] actual, int offset, String what) {
    double maxDiff = 0;
    for (int i = 0; i < expected.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[offset + i]));
    }
    assertTrue(maxDiff <= 1e-4, what + ": max abs diff " + maxDiff);
  }

  @Test
  void imageEmbeddingsMatchGoldenFromGoldenPixels() {
    try (ClipInference clip = new ClipInference(ORACLE, weights, 77, 2)) {
      int checked = 0;
      for (JsonNode image : golden.get("images")) {
        if (!image.has("pixels")) {
          continue;
        }
        float[] out = clip.encodeImages(floats(image.get("pixels")), 1);
        assertClose(
            floats(image.get("image_embedding_from_golden_pixels")),
            out,
            0,
            image.get("file").asText());
        checked++;
      }
      assertEquals(4, checked);
    }
  }

  @Test
  void textEmbeddingsMatchGoldenFromGoldenIds() {
    try (ClipInference clip = new ClipInference(ORACLE, weights, 77, 2)) {
      for (JsonNode text : golden.get("texts")) {
        int[] ids = new int[77];
        for (int i = 0; i < 77; i++) {
          ids[i] = text.get("ids").get(i).asInt();
        }
        float[] out = clip.encodeTexts(ids, 1);
        assertClose(floats(text.get("text_embedding")), out, 0, text.get("text").asText());
      }
    }
  }

  @Test
  void shortTrainingContextGivesTheSameTextEmbeddingsAsFullContext() {
    try (ClipInference full = new ClipInference(ORACLE, weights, 77, 2);
        ClipInference shortContext = new ClipInference(ORACLE, weights, 16, 2)) {
      for (JsonNode text : golden.get("texts")) {
        if (text.get("n").asInt() > 16) {
          continue;
        }
        int[] ids77 = new int[77];
        int[] ids16 = new int[16];
        for (int i = 0; i < 77; i++) {
          ids77[i] = text.get("ids").get(i).asInt();
          if (i < 16) {
            ids16[i] = ids77[i];
          }
        }
        assertClose(full.encodeTexts(ids77, 1), shortContext.encodeTexts(ids16, 1), 0, "short");
      }
    }
  }
}
