package dev.clipstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipstream.export.CheckpointExport;
import dev.clipstream.model.Embeddings;
import dev.clipstream.testing.Oracle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedClassifyCommandTest {
  @TempDir static Path tmp;
  static Path oracle;
  static Path model;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void export() throws Exception {
    oracle = Oracle.dir();
    model = tmp.resolve("openai");
    CheckpointExport.run(
        new CheckpointExport.Options(
            oracle.resolve("openai"),
            oracle.resolve("bpe_simple_vocab_16e6.txt.gz"),
            null,
            model,
            0,
            0),
        s -> {});
  }

  record Run(int code, List<JsonNode> lines, String err) {}

  static Run run(String... args) throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = ClipMain.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String l : o.toString(StandardCharsets.UTF_8).split("\n")) {
      if (l.startsWith("{")) {
        lines.add(JSON.readTree(l));
      }
    }
    return new Run(code, lines, e.toString(StandardCharsets.UTF_8));
  }

  static float[] floats(JsonNode a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).asDouble();
    }
    return out;
  }

  String image(String name) {
    return oracle.resolve("images").resolve(name).toString();
  }

  @Test
  void embedPrintsImagesThenTextsInTheOrderGiven() throws Exception {
    Run r =
        run(
            "embed",
            "--model",
            model.toString(),
            "--text",
            "a diagram",
            "--image",
            image("02_rgb_checker_640x480.png"),
            "--text",
            "random noise",
            "--image",
            image("01_rgb_gradient_224x224.png"));
    assertEquals(0, r.code(), r.err());
    assertEquals(4, r.lines().size());
    assertEquals("image", r.lines().get(0).get("type").asText());
    assertTrue(r.lines().get(0).get("input").asText().endsWith("02_rgb_checker_640x480.png"));
    assertTrue(r.lines().get(1).get("input").asText().endsWith("01_rgb_gradient_224x224.png"));
    assertEquals("a diagram", r.lines().get(2).get("input").asText());
    assertEquals("random noise", r.lines().get(3).get("input").asText());
    assertEquals(32, r.lines().get(3).get("embedding").size());
  }

  @Test
  void classifyGivesSortedProbabilitiesOfTheScaledCosines() throws Exception {
    String img = image("10_rgb_scene_640x480_q90_444.jpg");
    Run r =
        run(
            "classify",
            "--model",
            model.toString(),
            "--image",
            img,
            "--template",
            "{}",
            "--label",
            "a photo of a cat",
            "--label",
            "a photo of a dog",
            "--label",
            "a diagram");
    assertEquals(0, r.code(), r.err());
    assertEquals(1, r.lines().size());
    JsonNode labels = r.lines().get(0).get("labels");
    assertEquals(3, labels.size());
    double sum = 0;
    for (int i = 0; i < 3; i++) {
      sum += labels.get(i).get("probability").asDouble();
      if (i > 0) {
        assertTrue(
            labels.get(i - 1).get("probability").asDouble()
                >= labels.get(i).get("probability").asDouble());
      }
      assertEquals(
          20.0 * labels.get(i).get("cosine").asDouble(),
          labels.get(i).get("logit").asDouble(),
          1e-4);
    }
    assertEquals(1.0, sum, 1e-9);
    Run e = run("embed", "--model", model.toString(), "--image", img, "--text", "a diagram");
    double cos =
        Embeddings.cosine(
            floats(e.lines().get(0).get("embedding")), floats(e.lines().get(1).get("embedding")));
    for (JsonNode l : labels) {
      if (l.get("label").asText().equals("a diagram")) {
        assertEquals(cos, l.get("cosine").asDouble(), 1e-5);
      }
    }
  }

  @Test
  void severalTemplatesAverageTheNormalisedTextEmbeddings() throws Exception {
    String img = image("01_rgb_gradient_224x224.png");
    Run r =
        run(
            "classify",
            "--model",
            model.toString(),
            "--image",
            img,
            "--label",
            "cat",
            "--template",
            "a photo of a {}",
            "--template",
            "a drawing of a {}");
    assertEquals(0, r.code(), r.err());
    Run e =
        run(
            "embed",
            "--model",
            model.toString(),
            "--image",
            img,
            "--text",
            "a photo of a cat",
            "--text",
            "a drawing of a cat");
    float[] a = Embeddings.normalized(floats(e.lines().get(1).get("embedding")));
    float[] b = Embeddings.normalized(floats(e.lines().get(2).get("embedding")));
    float[] mean = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      mean[i] = a[i] + b[i];
    }
    double want = Embeddings.cosine(floats(e.lines().get(0).get("embedding")), mean);
    assertEquals(want, r.lines().get(0).get("labels").get(0).get("cosine").asDouble(), 1e-5);
    assertEquals(1.0, r.lines().get(0).get("labels").get(0).get("probability").asDouble(), 1e-12);
  }

  @Test
  void undecodableImageIsAnErrorNamingTheFile() throws Exception {
    Run r =
        run(
            "embed",
            "--model",
            model.toString(),
            "--image",
            oracle.resolve("golden.json").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("golden.json"), r.err());
  }

  @Test
  void templateWithoutPlaceholderIsRefused() throws Exception {
    Run r =
        run(
            "classify",
            "--model",
            model.toString(),
            "--image",
            image("01_rgb_gradient_224x224.png"),
            "--label",
            "cat",
            "--template",
            "a photo");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("has no {}"), r.err());
  }
}
