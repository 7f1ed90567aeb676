package dev.clipstream.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipstream.export.CheckpointExport;
import dev.clipstream.model.Embeddings;
import dev.clipstream.runtime.RuntimeOptions;
import dev.clipstream.testing.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end from the raw oracle images and texts, through our preprocessing, tokenizer, exporter
 * and runtime, to OpenAI's golden embeddings.
 */
class EndToEndOracleTest {
  /** Image 11 (16-bit PNG) is advisory in the oracle: Pillow-specific clipping. */
  static final String ADVISORY = "11_gray16_200x150.png";

  @TempDir static Path tmp;
  static Path oracle;
  static JsonNode golden;

  @BeforeAll
  static void exportBoth() throws Exception {
    oracle = Oracle.dir();
    golden = new ObjectMapper().readTree(oracle.resolve("golden.json").toFile());
    for (String kind : List.of("hf", "openai")) {
      CheckpointExport.run(
          new CheckpointExport.Options(
              oracle.resolve(kind),
              oracle.resolve("bpe_simple_vocab_16e6.txt.gz"),
              null,
              tmp.resolve(kind),
              0,
              0),
          s -> {});
    }
  }

  static float[] floats(JsonNode a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).asDouble();
    }
    return out;
  }

  static void check(String what, float[] got, float[] want) {
    double cos = Embeddings.cosine(got, want);
    double maxAbs = 0;
    double maxNorm = 0;
    float[] gn = Embeddings.normalized(got);
    float[] wn = Embeddings.normalized(want);
    for (int i = 0; i < want.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(got[i] - want[i]));
      maxNorm = Math.max(maxNorm, Math.abs(gn[i] - wn[i]));
    }
    System.out.printf(
        "[e2e] %-55s cosine %.8f max|Δ| %.2e normalised %.2e%n", what, cos, maxAbs, maxNorm);
    assertTrue(
        cos >= 0.9999 && maxAbs <= 1e-4 && maxNorm <= 1e-4,
        what + ": cosine " + cos + ", max abs " + maxAbs);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hf", "openai"})
  void rawImagesGiveTheGoldenEmbeddings(String kind) throws Exception {
    List<Path> files = new ArrayList<>();
    for (JsonNode im : golden.get("images")) {
      files.add(oracle.resolve(im.get("file").asText()));
    }
    try (LoadedModel m = new LoadedModel(tmp.resolve(kind), RuntimeOptions.defaults())) {
      float[] emb = m.embedImages(files);
      for (int i = 0; i < files.size(); i++) {
        String name = files.get(i).getFileName().toString();
        float[] got = Embeddings.row(emb, i, 32);
        float[] want = floats(golden.get("images").get(i).get("image_embedding"));
        if (name.equals(ADVISORY)) {
          System.out.printf(
              "[e2e] %s %s (advisory) cosine %.8f%n", kind, name, Embeddings.cosine(got, want));
          continue;
        }
        check(kind + " image " + name, got, want);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hf", "openai"})
  void rawTextsGiveTheGoldenEmbeddings(String kind) throws Exception {
    List<String> texts = new ArrayList<>();
    for (JsonNode t : golden.get("texts")) {
      texts.add(t.get("text").asText());
    }
    try (LoadedModel m = new LoadedModel(tmp.resolve(kind), RuntimeOptions.defaults())) {
      float[] emb = m.embedTexts(texts);
      for (int i = 0; i < texts.size(); i++) {
        check(
            kind + " text " + i,
            Embeddings.row(emb, i, 32),
            floats(golden.get("texts").get(i).get("text_embedding")));
      }
    }
  }
}
