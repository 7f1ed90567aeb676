package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.clipstream.api.grpc.v1.ClipServiceGrpc;
import dev.clipstream.api.grpc.v1.EncodeImageRequest;
import dev.clipstream.api.grpc.v1.EncodeTextRequest;
import dev.clipstream.api.grpc.v1.Image;
import dev.clipstream.api.grpc.v1.ListModelsRequest;
import dev.clipstream.model.ModelManifest;
import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.PreprocessOptions;
import dev.clipstream.preprocess.SyntheticImages;
import dev.clipstream.runtime.RuntimeOptions;
import dev.clipstream.runtime.SavedModelClip;
import dev.clipstream.service.CallTiming;
import dev.clipstream.tokenizer.ClipTokenizer;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bench's plain grpc-java server computes what the raw path computes, reports its model time as
 * the product server does, and answers bad calls with the statuses the bench expects.
 */
class ReferenceServerTest {
  private static final Path MODEL = Path.of("models", "shapes-vit-tiny");
  private static final Metadata.Key<String> SERVER_TIMING =
      Metadata.Key.of("server-timing", Metadata.ASCII_STRING_MARSHALLER);

  private static SavedModelClip clip;
  private static ClipPreprocessor preprocessor;
  private static ClipTokenizer tokenizer;
  private static ReferenceServer server;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    clip = SavedModelClip.load(MODEL, RuntimeOptions.defaults());
    preprocessor =
        new ClipPreprocessor(PreprocessOptions.clip(ModelManifest.read(MODEL).imageResolution()));
    tokenizer = ClipTokenizer.fromDirectory(MODEL.resolve("tokenizer"));
    server = ReferenceServer.start(0, "shapes-vit-tiny", clip, clip, preprocessor, tokenizer);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow();
    server.close();
    clip.close();
  }

  @Test
  void anImageGetsTheRawPathsEmbeddingAndTheModelTimeInTheTrailer() throws Exception {
    byte[] jpeg = SyntheticImages.jpeg(640, 480, 7);
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    var response =
        ClipServiceGrpc.newBlockingStub(channel)
            .withInterceptors(
                MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers))
            .encodeImage(
                EncodeImageRequest.newBuilder()
                    .addImages(Image.newBuilder().setEncoded(ByteString.copyFrom(jpeg)))
                    .build());
    int r = clip.imageResolution();
    float[] pixels = new float[3 * r * r];
    preprocessor.preprocessInto(jpeg, pixels, 0);
    float[] expected = clip.encodeImages(pixels, 1);
    assertEquals(1, response.getEmbeddingsCount());
    assertArrayEquals(expected, toArray(response.getEmbeddings(0).getValuesList()), 1e-6f);
    assertModelTime(trailers.get());
  }

  @Test
  void textsGetTheRawPathsEmbeddingsInOrder() {
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    var response =
        ClipServiceGrpc.newBlockingStub(channel)
            .withInterceptors(
                MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers))
            .encodeText(
                EncodeTextRequest.newBuilder()
                    .addTexts("a red square")
                    .addTexts("a blue star")
                    .build());
    assertEquals(2, response.getResultsCount());
    String[] texts = {"a red square", "a blue star"};
    for (int i = 0; i < texts.length; i++) {
      float[] expected = clip.encodeTexts(tokenizer.encode(texts[i]).ids(), 1);
      assertArrayEquals(
          expected, toArray(response.getResults(i).getEmbedding().getValuesList()), 1e-6f);
    }
    assertModelTime(trailers.get());
  }

  @Test
  void listModelsAndHealthAnswerForTheBenchsWarmUpAndStart() {
    assertEquals(
        "shapes-vit-tiny",
        ClipServiceGrpc.newBlockingStub(channel)
            .listModels(ListModelsRequest.getDefaultInstance())
            .getModels(0)
            .getName());
    assertEquals(
        ServingStatus.SERVING,
        HealthGrpc.newBlockingStub(channel)
            .check(HealthCheckRequest.getDefaultInstance())
            .getStatus());
  }

  @Test
  void anUnknownModelIsNotFoundAndUndecodableBytesAreInvalid() {
    var stub = ClipServiceGrpc.newBlockingStub(channel);
    StatusRuntimeException unknown =
        assertThrows(
            StatusRuntimeException.class,
            () -> stub.encodeText(EncodeTextRequest.newBuilder().setModel("nope").build()));
    assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
    StatusRuntimeException invalid =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                stub.encodeImage(
                    EncodeImageRequest.newBuilder()
                        .addImages(
                            Image.newBuilder().setEncoded(ByteString.copyFromUtf8("not a jpeg")))
                        .build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, invalid.getStatus().getCode());
  }

  private static void assertModelTime(Metadata trailers) {
    double millis = CallTiming.durationMillis(trailers.get(SERVER_TIMING), "model");
    assertTrue(millis > 0 && millis < 60_000, "model time " + millis + " ms");
  }

  private static float[] toArray(java.util.List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
