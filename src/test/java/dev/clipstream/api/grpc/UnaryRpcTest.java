package dev.clipstream.api.grpc;

import static dev.clipstream.api.grpc.GrpcTestSupport.assertStatus;
import static dev.clipstream.api.grpc.GrpcTestSupport.png;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.clipstream.api.grpc.v1.ClassifyImageRequest;
import dev.clipstream.api.grpc.v1.ClipServiceGrpc;
import dev.clipstream.api.grpc.v1.EncodeImageRequest;
import dev.clipstream.api.grpc.v1.EncodeTextRequest;
import dev.clipstream.api.grpc.v1.GetModelMetadataRequest;
import dev.clipstream.api.grpc.v1.Image;
import dev.clipstream.api.grpc.v1.LabelScore;
import dev.clipstream.api.grpc.v1.ListModelsRequest;
import dev.clipstream.api.grpc.v1.ModelInfo;
import dev.clipstream.api.grpc.v1.RankRequest;
import dev.clipstream.api.grpc.v1.RawImage;
import dev.clipstream.testing.DeterministicModel;
import grpc.health.v1.HealthGrpc;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.Color;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UnaryRpcTest {
  @GrpcClient("clip")
  ClipServiceGrpc.ClipServiceBlockingStub clip;

  @GrpcClient("health")
  HealthGrpc.HealthBlockingStub health;

  @BeforeEach
  void serving() throws InterruptedException {
    GrpcTestSupport.awaitServing(health);
  }

  @Test
  void encodeTextReturnsOneEmbeddingPerTextAndFlagsTruncation() {
    var response =
        clip.encodeText(
            EncodeTextRequest.newBuilder().addTexts("a cat").addTexts("x".repeat(40)).build());
    assertEquals("test", response.getModel());
    assertEquals(2, response.getResultsCount());
    assertEquals(DeterministicModel.DIM, response.getResults(0).getEmbedding().getValuesCount());
    assertFalse(response.getResults(0).getTruncated());
    assertEquals(7, response.getResults(0).getTokenCount());
    assertTrue(response.getResults(1).getTruncated());
  }

  @Test
  void normalizedTextEmbeddingsHaveUnitLength() {
    var values =
        clip.encodeText(EncodeTextRequest.newBuilder().addTexts("dog").setNormalize(true).build())
            .getResults(0)
            .getEmbedding()
            .getValuesList();
    double norm = values.stream().mapToDouble(v -> v * v).sum();
    assertEquals(1.0, norm, 1e-5);
  }

  @Test
  void encodedAndRawImagesOfTheSameColourGiveTheSameEmbedding() {
    byte[] rgb = new byte[3 * 3 * 3];
    for (int i = 0; i < rgb.length; i += 3) {
      rgb[i] = (byte) 255;
    }
    Image raw =
        Image.newBuilder()
            .setRaw(
                RawImage.newBuilder().setRgb8(ByteString.copyFrom(rgb)).setWidth(3).setHeight(3))
            .build();
    var response =
        clip.encodeImage(
            EncodeImageRequest.newBuilder().addImages(png(Color.RED)).addImages(raw).build());
    assertEquals(
        response.getEmbeddings(0).getValuesList(), response.getEmbeddings(1).getValuesList());
  }

  @Test
  void classifyImageReturnsLabelsSortedByProbabilityWithCosines() {
    var response =
        clip.classifyImage(
            ClassifyImageRequest.newBuilder()
                .setImage(png(Color.BLUE))
                .addAllLabels(List.of("cat", "dog", "car"))
                .addTemplates("a photo of a {}")
                .addTemplates("a {}")
                .build());
    List<LabelScore> labels = response.getLabelsList();
    assertEquals(3, labels.size());
    assertEquals(1.0, labels.stream().mapToDouble(LabelScore::getProbability).sum(), 1e-5);
    for (int i = 1; i < labels.size(); i++) {
      assertTrue(labels.get(i - 1).getProbability() >= labels.get(i).getProbability());
    }
    assertTrue(labels.stream().allMatch(l -> Math.abs(l.getCosine()) <= 1.0001f));
    var top1 =
        clip.classifyImage(
            ClassifyImageRequest.newBuilder()
                .setImage(png(Color.BLUE))
                .addAllLabels(List.of("cat", "dog", "car"))
                .addTemplates("a photo of a {}")
                .addTemplates("a {}")
                .setTopK(1)
                .build());
    assertEquals(List.of(labels.get(0)), top1.getLabelsList());
  }

  @Test
  void rankSortsTextCandidatesByCosineWithTheQuery() {
    var response =
        clip.rank(
            RankRequest.newBuilder()
                .setQueryText("apple")
                .addAllCandidateTexts(List.of("pear", "apple", "plum"))
                .build());
    assertEquals(3, response.getResultsCount());
    assertEquals(1, response.getResults(0).getIndex());
    assertEquals(1.0f, response.getResults(0).getScore(), 1e-5f);
  }

  @Test
  void rankAcceptsAnImageQueryAgainstImageCandidates() {
    var response =
        clip.rank(
            RankRequest.newBuilder()
                .setQueryImage(png(Color.GREEN))
                .addCandidateImages(png(Color.RED))
                .addCandidateImages(png(Color.GREEN))
                .build());
    assertEquals(1, response.getResults(0).getIndex());
  }

  @Test
  void listModelsAndMetadataComeFromTheLoadedModels() {
    List<ModelInfo> models =
        clip.listModels(ListModelsRequest.getDefaultInstance()).getModelsList();
    assertEquals(List.of("other", "test"), models.stream().map(ModelInfo::getName).toList());
    ModelInfo info = clip.getModelMetadata(GetModelMetadataRequest.getDefaultInstance());
    assertEquals("test", info.getName());
    assertTrue(info.getIsDefault());
    assertTrue(info.getReady());
    assertEquals(DeterministicModel.DIM, info.getEmbedDim());
    assertEquals(DeterministicModel.CONTEXT, info.getContextLength());
    assertEquals(
        "other",
        clip.encodeText(EncodeTextRequest.newBuilder().setModel("other").addTexts("x").build())
            .getModel());
  }

  @Test
  void unknownModelIsNotFound() {
    var e =
        assertStatus(
            Status.Code.NOT_FOUND,
            () ->
                clip.encodeText(
                    EncodeTextRequest.newBuilder().setModel("nope").addTexts("x").build()));
    assertTrue(e.getStatus().getDescription().contains("no model named 'nope'"));
    assertStatus(
        Status.Code.NOT_FOUND,
        () -> clip.getModelMetadata(GetModelMetadataRequest.newBuilder().setModel("nope").build()));
  }

  @Test
  void emptyRequestIsInvalidNamingTheField() {
    var e =
        assertStatus(
            Status.Code.INVALID_ARGUMENT,
            () -> clip.encodeText(EncodeTextRequest.getDefaultInstance()));
    assertTrue(e.getStatus().getDescription().startsWith("texts:"), e.getStatus().toString());
    e =
        assertStatus(
            Status.Code.INVALID_ARGUMENT,
            () -> clip.encodeImage(EncodeImageRequest.getDefaultInstance()));
    assertTrue(e.getStatus().getDescription().startsWith("images:"), e.getStatus().toString());
  }

  @Test
  void undecodableImageIsInvalidNamingItsIndex() {
    var e =
        assertStatus(
            Status.Code.INVALID_ARGUMENT,
            () ->
                clip.encodeImage(
                    EncodeImageRequest.newBuilder()
                        .addImages(png(Color.RED))
                        .addImages(
                            Image.newBuilder().setEncoded(ByteString.copyFromUtf8("not an image")))
                        .build()));
    assertTrue(e.getStatus().getDescription().startsWith("images[1]"), e.getStatus().toString());
  }

  @Test
  void imageWithNoSourceIsInvalid() {
    var e =
        assertStatus(
            Status.Code.INVALID_ARGUMENT,
            () ->
                clip.encodeImage(
                    EncodeImageRequest.newBuilder().addImages(Image.getDefaultInstance()).build()));
    assertTrue(e.getStatus().getDescription().startsWith("images[0]"), e.getStatus().toString());
  }

  @Test
  void moreLabelsThanTheLimitAreInvalid() {
    var e =
        assertStatus(
            Status.Code.INVALID_ARGUMENT,
            () ->
                clip.classifyImage(
                    ClassifyImageRequest.newBuilder()
                        .setImage(png(Color.RED))
                        .addAllLabels(Collections.nCopies(6, "l"))
                        .build()));
    assertTrue(e.getStatus().getDescription().startsWith("labels:"), e.getStatus().toString());
  }

  @Test
  void tooManyTextsAndOversizedImagesAreResourceExhausted() {
    assertStatus(
        Status.Code.RESOURCE_EXHAUSTED,
        () ->
            clip.encodeText(
                EncodeTextRequest.newBuilder().addAllTexts(Collections.nCopies(9, "t")).build()));
    var e =
        assertStatus(
            Status.Code.RESOURCE_EXHAUSTED,
            () ->
                clip.encodeImage(
                    EncodeImageRequest.newBuilder()
                        .addImages(
                            Image.newBuilder().setEncoded(ByteString.copyFrom(new byte[1_000_001])))
                        .build()));
    assertTrue(e.getStatus().getDescription().startsWith("images[0]"), e.getStatus().toString());
  }

  @Test
  void embeddingsDoNotDependOnWhatElseIsInTheRequest() {
    var alone = clip.encodeText(EncodeTextRequest.newBuilder().addTexts("b").build());
    var together =
        clip.encodeText(EncodeTextRequest.newBuilder().addTexts("a").addTexts("b").build());
    assertArrayEquals(
        alone.getResults(0).getEmbedding().getValuesList().toArray(),
        together.getResults(1).getEmbedding().getValuesList().toArray());
  }
}
