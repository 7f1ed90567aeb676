package dev.clipstream.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.clipstream.api.grpc.v1.ClassifyImageRequest;
import dev.clipstream.api.grpc.v1.ClipServiceGrpc;
import dev.clipstream.api.grpc.v1.EncodeImageRequest;
import dev.clipstream.api.grpc.v1.EncodeTextRequest;
import dev.clipstream.api.grpc.v1.Image;
import dev.clipstream.api.grpc.v1.LabelScore;
import dev.clipstream.api.grpc.v1.TextEmbedding;
import dev.clipstream.cli.ClipMain;
import dev.clipstream.testing.Oracle;
import grpc.health.v1.HealthGrpc;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Oracle parity through gRPC: the oracle's Hugging Face checkpoint is exported with {@code export}
 * into a temporary model repository, served by the real runtime (TensorFlow), and the server's
 * embeddings and zero-shot scores are compared with golden.json end to end (raw image files and
 * texts in, through our preprocessing and tokenizer): cosine >= 0.9999 and max abs <= 1e-4.
 */
@QuarkusTest
@TestProfile(OracleParityTest.Profile.class)
class OracleParityTest {
  private static final String MODEL = "oracle-hf";

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>();
      config.put("clip.test.deterministic-models", "false");
      config.put("clip.default-model", MODEL);
      config.put("clip.limits.max-labels", "1000");
      config.put("clip.limits.max-texts-per-request", "256");
      config.put("clip.limits.max-image-bytes", "67108864");
      config.put("clip.batching.image.max-batch-size", "16");
      config.put("clip.batching.image.max-queued-items", "256");
      Path oracle = Oracle.locate();
      try {
        Path repository = Files.createTempDirectory("clip-oracle-models");
        config.put("clip.models.dir", repository.toString());
        if (Files.isRegularFile(oracle.resolve("golden.json"))) {
          int code =
              ClipMain.run(
                  "export",
                  "--checkpoint",
                  oracle.resolve("hf").toString(),
                  "--vocab",
                  oracle.resolve("bpe_simple_vocab_16e6.txt.gz").toString(),
                  "--out",
                  repository.resolve(MODEL).toString());
          if (code != 0) {
            throw new IllegalStateException("export of the oracle checkpoint failed: " + code);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return config;
    }
  }

  @GrpcClient("clip")
  ClipServiceGrpc.ClipServiceBlockingStub clip;

  @GrpcClient("health")
  HealthGrpc.HealthBlockingStub health;

  private static JsonNode golden(Path oracle) throws IOException {
    return new ObjectMapper().readTree(oracle.resolve("golden.json").toFile());
  }

  private static void assertClose(JsonNode expected, List<Float> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    double dot = 0;
    double ne = 0;
    double na = 0;
    double maxAbs = 0;
    for (int i = 0; i < actual.size(); i++) {
      double e = expected.get(i).asDouble();
      double a = actual.get(i);
      dot += e * a;
      ne += e * e;
      na += a * a;
      maxAbs = Math.max(maxAbs, Math.abs(e - a));
    }
    double cosine = dot / Math.sqrt(ne * na);
    assertTrue(cosine >= 0.9999, what + ": cosine " + cosine);
    assertTrue(maxAbs <= 1e-4, what + ": max abs diff " + maxAbs);
  }

  @Test
  void textEmbeddingsMatchGoldenEndToEnd() throws Exception {
    Path oracle = Oracle.dir();
    GrpcTestSupport.awaitServing(health);
    JsonNode texts = golden(oracle).get("texts");
    EncodeTextRequest.Builder request = EncodeTextRequest.newBuilder();
    texts.forEach(t -> request.addTexts(t.get("text").asText()));
    List<TextEmbedding> results = clip.encodeText(request.build()).getResultsList();
    for (int i = 0; i < texts.size(); i++) {
      JsonNode t = texts.get(i);
      String what = "text " + i + " " + t.get("text").asText();
      assertClose(t.get("text_embedding"), results.get(i).getEmbedding().getValuesList(), what);
      assertEquals(t.get("n").asInt(), results.get(i).getTokenCount(), what);
    }
    var normalized =
        clip.encodeText(
            EncodeTextRequest.newBuilder()
                .addTexts(texts.get(0).get("text").asText())
                .setNormalize(true)
                .build());
    assertClose(
        texts.get(0).get("text_embedding_normalized"),
        normalized.getResults(0).getEmbedding().getValuesList(),
        "normalised text 0");
  }

  @Test
  void imageEmbeddingsMatchGoldenEndToEnd() throws Exception {
    Path oracle = Oracle.dir();
    GrpcTestSupport.awaitServing(health);
    List<JsonNode> images = new ArrayList<>();
    golden(oracle).get("images").forEach(images::add);
    // 11 (16-bit PNG) is advisory in the oracle: Pillow-specific clipping.
    images.removeIf(i -> i.get("file").asText().contains("11_gray16"));
    EncodeImageRequest.Builder request = EncodeImageRequest.newBuilder();
    for (JsonNode image : images) {
      byte[] bytes = Files.readAllBytes(oracle.resolve(image.get("file").asText()));
      request.addImages(Image.newBuilder().setEncoded(ByteString.copyFrom(bytes)));
    }
    var embeddings = clip.encodeImage(request.build()).getEmbeddingsList();
    for (int i = 0; i < images.size(); i++) {
      assertClose(
          images.get(i).get("image_embedding"),
          embeddings.get(i).getValuesList(),
          images.get(i).get("file").asText());
    }
  }

  @Test
  void zeroShotCosinesAndProbabilitiesMatchGoldenLogits() throws Exception {
    Path oracle = Oracle.dir();
    GrpcTestSupport.awaitServing(health);
    JsonNode logits = golden(oracle).get("logits");
    double scale = logits.get("logit_scale_exp").asDouble();
    List<String> labels = new ArrayList<>();
    logits.get("texts").forEach(t -> labels.add(t.asText()));
    int n = labels.size() - 1; // the last label is "", which the API refuses as blank
    for (int i = 0; i < logits.get("images").size(); i++) {
      byte[] bytes = Files.readAllBytes(oracle.resolve(logits.get("images").get(i).asText()));
      var response =
          clip.classifyImage(
              ClassifyImageRequest.newBuilder()
                  .setImage(Image.newBuilder().setEncoded(ByteString.copyFrom(bytes)))
                  .addAllLabels(labels.subList(0, n))
                  .build());
      JsonNode row = logits.get("logits_per_image").get(i);
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, row.get(j).asDouble());
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += Math.exp(row.get(j).asDouble() - max);
      }
      for (LabelScore score : response.getLabelsList()) {
        int j = labels.indexOf(score.getLabel());
        double logit = row.get(j).asDouble();
        assertEquals(logit, scale * score.getCosine(), 1e-3, "logit image " + i + " label " + j);
        assertEquals(
            Math.exp(logit - max) / sum,
            score.getProbability(),
            1e-4,
            "p image " + i + " label " + j);
      }
    }
  }
}
