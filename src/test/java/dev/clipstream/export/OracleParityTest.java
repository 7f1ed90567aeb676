package dev.clipstream.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clipstream.model.Embeddings;
import dev.clipstream.model.ModelManifest;
import dev.clipstream.runtime.RuntimeOptions;
import dev.clipstream.runtime.SavedModelClip;
import dev.clipstream.testing.Oracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both oracle checkpoints (Hugging Face and OpenAI key names), exported by our exporter and run by
 * our runtime, reproduce OpenAI's golden embeddings, logits and softmax.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OracleParityTest {
  static final double MIN_COSINE = 0.9999;
  static final double MAX_ABS = 1e-4;

  @TempDir static Path tmp;
  Golden golden;
  SavedModelClip hf;
  SavedModelClip openai;

  @BeforeAll
  void exportBoth() throws Exception {
    Path oracle = Oracle.dir();
    golden = new Golden(oracle);
    hf = SavedModelClip.load(export(oracle, "hf"), RuntimeOptions.defaults());
    openai = SavedModelClip.load(export(oracle, "openai"), RuntimeOptions.defaults());
  }

  private Path export(Path oracle, String kind) throws Exception {
    Path out = tmp.resolve(kind);
    CheckpointExport.run(
        new CheckpointExport.Options(
            oracle.resolve(kind),
            oracle.resolve("bpe_simple_vocab_16e6.txt.gz"),
            "oracle-" + kind,
            out,
            0,
            0),
        s -> {});
    return out;
  }

  @AfterAll
  void close() {
    if (hf != null) {
      hf.close();
    }
    if (openai != null) {
      openai.close();
    }
  }

  private SavedModelClip model(String kind) {
    return kind.equals("hf") ? hf : openai;
  }

  @ParameterizedTest
  @ValueSource(strings = {"hf", "openai"})
  void manifestDescribesTheOracleModel(String kind) throws Exception {
    ModelManifest m = model(kind).manifest();
    assertEquals(Presets.get("tiny"), m.config());
    assertEquals(2.995732, m.logitScale(), 1e-6);
    assertFalse(m.random());
    assertEquals(64, m.sourceSha256().length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hf", "openai"})
  void imageEmbeddingsFromGoldenPixelsMatchOpenAi(String kind) {
    int n = 0;
    for (JsonNode im : golden.root.get("images")) {
      if (!im.has("pixels")) {
        continue;
      }
      float[] got = model(kind).encodeImages(Golden.floats(im.get("pixels")), 1);
      Golden.Diff d = Golden.diff(got, Golden.floats(im.get("image_embedding_from_golden_pixels")));
      assertTrue(d.within(MIN_COSINE, MAX_ABS), im.get("file") + ": " + d);
      report(kind + " image from golden pixels " + im.get("file").asText(), d);
      n++;
    }
    assertEquals(4, n);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hf", "openai"})
  void imageEmbeddingsOfEveryExpectedCropMatchOpenAiInOneBatch(String kind) throws Exception {
    List<JsonNode> images = new ArrayList<>();
    golden.root.get("images").forEach(images::add);
    int per = 3 * 224 * 224;
    float[] batch = new float[images.size() * per];
    for (int i = 0; i < images.size(); i++) {
      float[] px = golden.pixelsFromExpectedCrop(images.get(i).get("file").asText());
      System.arraycopy(px, 0, batch, i * per, per);
    }
    float[] got = model(kind).encodeImages(batch, images.size());
    for (int i = 0; i < images.size(); i++) {
      float[] want = Golden.floats(images.get(i).get("image_embedding"));
      Golden.Diff d = Golden.diff(Embeddings.row(got, i, 32), want);
      assertTrue(d.within(MIN_COSINE, MAX_ABS), images.get(i).get("file") + ": " + d);
      report(kind + " image from expected crop " + images.get(i).get("file").asText(), d);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hf", "openai"})
  void textEmbeddingsFromGoldenIdsMatchOpenAiInOneBatch(String kind) {
    List<JsonNode> texts = new ArrayList<>();
    golden.root.get("texts").forEach(texts::add);
    int[] ids = new int[texts.size() * 77];
    for (int i = 0; i < texts.size(); i++) {
      System.arraycopy(Golden.ints(texts.get(i).get("ids")), 0, ids, i * 77, 77);
    }
    float[] got = model(kind).encodeTexts(ids, texts.size());
    for (int i = 0; i < texts.size(); i++) {
      Golden.Diff d =
          Golden.diff(
              Embeddings.row(got, i, 32), Golden.floats(texts.get(i).get("text_embedding")));
      assertTrue(d.within(MIN_COSINE, MAX_ABS), texts.get(i).get("text") + ": " + d);
      report(kind + " text " + i, d);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hf", "openai"})
  void logitsAndSoftmaxMatchOpenAi(String kind) throws Exception {
    SavedModelClip m = model(kind);
    JsonNode logits = golden.root.get("logits");
    double scale = Math.exp(m.manifest().logitScale());
    double worstLogit = 0;
    double worstSoftmax = 0;
    List<float[]> textEmb = new ArrayList<>();
    for (JsonNode t : logits.get("texts")) {
      textEmb.add(m.encodeTexts(idsOf(t.asText()), 1));
    }
    for (int i = 0; i < logits.get("images").size(); i++) {
      float[] img =
          m.encodeImages(golden.pixelsFromExpectedCrop(logits.get("images").get(i).asText()), 1);
      double[] row = new double[textEmb.size()];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < row.length; j++) {
        row[j] = scale * Embeddings.cosine(img, textEmb.get(j));
        max = Math.max(max, row[j]);
        double want = logits.get("logits_per_image").get(i).get(j).asDouble();
        assertEquals(want, row[j], 1e-3, "logit " + i + "," + j);
        worstLogit = Math.max(worstLogit, Math.abs(want - row[j]));
      }
      double sum = 0;
      for (double r : row) {
        sum += Math.exp(r - max);
      }
      for (int j = 0; j < row.length; j++) {
        double want = logits.get("softmax_per_image").get(i).get(j).asDouble();
        assertEquals(want, Math.exp(row[j] - max) / sum, 1e-4, "softmax " + i + "," + j);
        worstSoftmax = Math.max(worstSoftmax, Math.abs(want - Math.exp(row[j] - max) / sum));
      }
    }
    System.out.printf(
        "[parity] %s logits 6x8: max|Δ| logit %.2e, max|Δ| softmax %.2e%n",
        kind, worstLogit, worstSoftmax);
  }

  /** Prints the measured agreement, so the numbers can be quoted, not just "passed". */
  static void report(String what, Golden.Diff d) {
    System.out.printf(
        "[parity] %-60s cosine %.8f  max|Δ| %.2e  max|Δ| normalised %.2e%n",
        what, d.cosine(), d.maxAbs(), d.maxAbsNormalised());
  }

  private int[] idsOf(String text) {
    for (JsonNode t : golden.root.get("texts")) {
      if (t.get("text").asText().equals(text)) {
        return Golden.ints(t.get("ids"));
      }
    }
    throw new AssertionError("no golden ids for " + text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hf", "openai"})
  void modelFolderHoldsTokenizerAndVariables(String kind) {
    Path dir = tmp.resolve(kind);
    assertTrue(Files.isRegularFile(dir.resolve("saved_model.pb")));
    assertTrue(Files.isDirectory(dir.resolve("variables")));
    assertTrue(Files.isRegularFile(dir.resolve("tokenizer/bpe_simple_vocab_16e6.txt.gz")));
    assertTrue(Files.isRegularFile(dir.resolve("model.json")));
  }
}
