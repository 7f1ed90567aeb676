package dev.clipstream.api.grpc;

import static dev.clipstream.api.grpc.GrpcTestSupport.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.clipstream.api.grpc.v1.ClipServiceGrpc;
import dev.clipstream.api.grpc.v1.EncodeImageRequest;
import dev.clipstream.api.grpc.v1.EncodeStreamRequest;
import dev.clipstream.api.grpc.v1.EncodeStreamResponse;
import dev.clipstream.api.grpc.v1.Frame;
import dev.clipstream.api.grpc.v1.Image;
import dev.clipstream.api.grpc.v1.ImageChunk;
import dev.clipstream.api.grpc.v1.TagConfig;
import dev.clipstream.api.grpc.v1.TagFramesRequest;
import dev.clipstream.api.grpc.v1.TagFramesResponse;
import dev.clipstream.api.grpc.v1.UploadImageRequest;
import dev.clipstream.api.grpc.v1.UploadImageResponse;
import dev.clipstream.api.grpc.v1.UploadMetadata;
import dev.clipstream.testing.DeterministicModelSource;
import dev.clipstream.testing.TestImages;
import grpc.health.v1.HealthGrpc;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StreamingRpcTest {
  @GrpcClient("clip")
  io.grpc.Channel channel;

  ClipServiceGrpc.ClipServiceStub async;

  @GrpcClient("clip")
  ClipServiceGrpc.ClipServiceBlockingStub blocking;

  @GrpcClient("health")
  HealthGrpc.HealthBlockingStub health;

  @BeforeEach
  void serving() throws InterruptedException {
    async = ClipServiceGrpc.newStub(channel);
    GrpcTestSupport.awaitServing(health);
  }

  @AfterEach
  void noDelays() {
    DeterministicModelSource.STATS.imageDelayMillis = 0;
    DeterministicModelSource.STATS.textDelayMillis = 0;
  }

  private static ImageChunk chunk(byte[] image, int from, int to) {
    return ImageChunk.newBuilder()
        .setTotalSizeBytes(from == 0 ? image.length : 0)
        .setOffset(from)
        .setData(ByteString.copyFrom(Arrays.copyOfRange(image, from, to)))
        .build();
  }

  private StreamRecorder<UploadImageResponse> upload(UploadImageRequest... messages)
      throws InterruptedException {
    StreamRecorder<UploadImageResponse> recorder = new StreamRecorder<>();
    StreamObserver<UploadImageRequest> requests = async.uploadImage(recorder);
    for (UploadImageRequest m : messages) {
      requests.onNext(m);
    }
    requests.onCompleted();
    return recorder.await();
  }

  @Test
  void uploadInChunksGivesTheSameEmbeddingAsEncodeImage() throws InterruptedException {
    byte[] image = TestImages.solidPng(Color.ORANGE, 20, 10);
    int half = image.length / 2;
    var recorder =
        upload(
            UploadImageRequest.newBuilder()
                .setMetadata(
                    UploadMetadata.newBuilder()
                        .setTotalSizeBytes(image.length)
                        .setContentType("image/png"))
                .build(),
            UploadImageRequest.newBuilder().setChunk(chunk(image, 0, half)).build(),
            UploadImageRequest.newBuilder().setChunk(chunk(image, half, image.length)).build());
    assertEquals(Status.OK, recorder.status());
    var direct =
        blocking.encodeImage(
            EncodeImageRequest.newBuilder()
                .addImages(Image.newBuilder().setEncoded(ByteString.copyFrom(image)))
                .build());
    assertEquals(image.length, recorder.values.get(0).getReceivedBytes());
    assertEquals(direct.getEmbeddings(0), recorder.values.get(0).getEmbedding());
  }

  @Test
  void uploadChunkOutOfOrderIsInvalid() throws InterruptedException {
    byte[] image = TestImages.solidPng(Color.ORANGE, 20, 10);
    var recorder =
        upload(
            UploadImageRequest.newBuilder()
                .setMetadata(UploadMetadata.newBuilder().setTotalSizeBytes(image.length))
                .build(),
            UploadImageRequest.newBuilder().setChunk(chunk(image, 0, 10)).build(),
            UploadImageRequest.newBuilder().setChunk(chunk(image, 20, 30)).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, recorder.status().getCode());
    assertTrue(recorder.status().getDescription().contains("chunk out of order"));
  }

  @Test
  void uploadOverTheSizeLimitIsRefusedFromTheMetadataAlone() throws InterruptedException {
    var recorder =
        upload(
            UploadImageRequest.newBuilder()
                .setMetadata(UploadMetadata.newBuilder().setTotalSizeBytes(5_000_000_000L))
                .build());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, recorder.status().getCode());
  }

  @Test
  void uploadWithoutMetadataIsInvalid() throws InterruptedException {
    var recorder =
        upload(UploadImageRequest.newBuilder().setChunk(chunk(new byte[4], 0, 4)).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, recorder.status().getCode());
    assertTrue(recorder.status().getDescription().startsWith("metadata"));
  }

  @Test
  void encodeStreamAnswersInterleavedItemsByIdAsTheyFinish() throws InterruptedException {
    DeterministicModelSource.STATS.imageDelayMillis = 300;
    byte[] chunked = TestImages.solidPng(Color.CYAN, 30, 30);
    int third = chunked.length / 3;
    StreamRecorder<EncodeStreamResponse> recorder = new StreamRecorder<>();
    StreamObserver<EncodeStreamRequest> requests = async.encodeStream(recorder);
    requests.onNext(EncodeStreamRequest.newBuilder().setId("img").setImage(png(Color.RED)).build());
    requests.onNext(
        EncodeStreamRequest.newBuilder()
            .setId("big")
            .setImageChunk(chunk(chunked, 0, third))
            .build());
    requests.onNext(EncodeStreamRequest.newBuilder().setId("t1").setText("hello").build());
    requests.onNext(
        EncodeStreamRequest.newBuilder()
            .setId("bad")
            .setImage(Image.newBuilder().setEncoded(ByteString.copyFromUtf8("garbage")))
            .build());
    requests.onNext(
        EncodeStreamRequest.newBuilder()
            .setId("big")
            .setImageChunk(chunk(chunked, third, chunked.length))
            .build());
    requests.onNext(
        EncodeStreamRequest.newBuilder().setId("nomodel").setModel("nope").setText("x").build());
    requests.onNext(EncodeStreamRequest.newBuilder().setId("t2").setText("y".repeat(40)).build());
    requests.onCompleted();
    recorder.await();
    assertEquals(Status.OK, recorder.status());
    Map<String, EncodeStreamResponse> byId =
        recorder.values.stream()
            .collect(Collectors.toMap(EncodeStreamResponse::getId, Function.identity()));
    assertEquals(
        List.of("bad", "big", "img", "nomodel", "t1", "t2"),
        byId.keySet().stream().sorted().toList());
    assertTrue(byId.get("img").hasEmbedding());
    assertTrue(byId.get("big").hasEmbedding());
    assertTrue(byId.get("t1").hasEmbedding());
    assertTrue(byId.get("t2").getTruncated());
    assertEquals(Status.Code.INVALID_ARGUMENT.value(), byId.get("bad").getError().getCode());
    assertTrue(byId.get("bad").getError().getMessage().startsWith("image"));
    assertEquals(Status.Code.NOT_FOUND.value(), byId.get("nomodel").getError().getCode());
    List<String> order = recorder.values.stream().map(EncodeStreamResponse::getId).toList();
    assertTrue(
        order.indexOf("t1") < order.indexOf("img"),
        "the fast text item should overtake the slow image: " + order);
  }

  @Test
  void encodeStreamMessageWithoutIdEndsTheStream() throws InterruptedException {
    StreamRecorder<EncodeStreamResponse> recorder = new StreamRecorder<>();
    StreamObserver<EncodeStreamRequest> requests = async.encodeStream(recorder);
    requests.onNext(EncodeStreamRequest.newBuilder().setText("no id").build());
    recorder.await();
    assertEquals(Status.Code.INVALID_ARGUMENT, recorder.status().getCode());
    assertTrue(recorder.status().getDescription().startsWith("id"));
  }

  @Test
  void cancellingAStreamRemovesItsQueuedItems() throws Exception {
    var stats = DeterministicModelSource.STATS;
    stats.imageDelayMillis = 400;
    long itemsBefore = stats.imageItems.get();
    int callsBefore = stats.imageCalls.get();
    StreamRecorder<EncodeStreamResponse> recorder = new StreamRecorder<>();
    var requests = (ClientCallStreamObserver<EncodeStreamRequest>) async.encodeStream(recorder);
    requests.onNext(EncodeStreamRequest.newBuilder().setId("0").setImage(png(Color.RED)).build());
    long end = System.nanoTime() + 10_000_000_000L;
    while (stats.imageCalls.get() == callsBefore && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    for (int i = 1; i <= 4; i++) {
      requests.onNext(
          EncodeStreamRequest.newBuilder().setId("" + i).setImage(png(Color.BLUE)).build());
    }
    Thread.sleep(150); // decoded and queued behind the running batch
    requests.cancel("client gave up", null);
    Thread.sleep(800); // the running batch ends; a cancelled queue would run next
    assertEquals(1, stats.imageItems.get() - itemsBefore, "queued items of the cancelled call ran");
  }

  private static TagFramesRequest config(boolean onlyOnChange) {
    return TagFramesRequest.newBuilder()
        .setConfig(
            TagConfig.newBuilder()
                .addAllLabels(List.of("red", "green", "blue"))
                .addTemplates("a {} frame")
                .setTopK(2)
                .setEmitOnlyOnChange(onlyOnChange))
        .build();
  }

  private static TagFramesRequest frame(long id, Image image) {
    return TagFramesRequest.newBuilder()
        .setFrame(Frame.newBuilder().setFrameId(id).setTimestampMicros(id * 40_000).setImage(image))
        .build();
  }

  private static TagFramesRequest frameChunk(long id, ImageChunk chunk) {
    return TagFramesRequest.newBuilder()
        .setFrame(Frame.newBuilder().setFrameId(id).setTimestampMicros(id * 40_000).setChunk(chunk))
        .build();
  }

  @Test
  void tagFramesAnswersEveryFrameInFrameOrder() throws InterruptedException {
    StreamRecorder<TagFramesResponse> recorder = new StreamRecorder<>();
    StreamObserver<TagFramesRequest> requests = async.tagFrames(recorder);
    requests.onNext(config(false));
    Color[] colors = {Color.RED, Color.GREEN, Color.BLUE};
    for (int i = 0; i < 12; i++) {
      requests.onNext(frame(i, png(colors[i % 3])));
    }
    byte[] chunked = TestImages.solidPng(Color.MAGENTA, 16, 16);
    requests.onNext(frameChunk(12, chunk(chunked, 0, 10)));
    requests.onNext(frameChunk(12, chunk(chunked, 10, chunked.length)));
    requests.onNext(frame(13, Image.newBuilder().setEncoded(ByteString.copyFromUtf8("x")).build()));
    requests.onNext(frame(14, png(Color.RED)));
    requests.onCompleted();
    recorder.await();
    assertEquals(Status.OK, recorder.status());
    assertEquals(
        java.util.stream.LongStream.range(0, 15).boxed().toList(),
        recorder.values.stream().map(TagFramesResponse::getFrameId).toList());
    assertEquals(2, recorder.values.get(0).getTagsCount());
    assertEquals(12 * 40_000, recorder.values.get(12).getTimestampMicros());
    assertTrue(recorder.values.get(13).hasError());
    assertEquals(
        Status.Code.INVALID_ARGUMENT.value(), recorder.values.get(13).getError().getCode());
    assertEquals(recorder.values.get(0).getTagsList(), recorder.values.get(14).getTagsList());
  }

  @Test
  void tagFramesWithEmitOnlyOnChangeSkipsUnchangedFrames() throws InterruptedException {
    StreamRecorder<TagFramesResponse> recorder = new StreamRecorder<>();
    StreamObserver<TagFramesRequest> requests = async.tagFrames(recorder);
    requests.onNext(config(true));
    for (int i = 0; i < 5; i++) {
      requests.onNext(frame(i, png(Color.RED)));
    }
    requests.onCompleted();
    recorder.await();
    assertEquals(Status.OK, recorder.status());
    assertEquals(List.of(0L), recorder.values.stream().map(TagFramesResponse::getFrameId).toList());
  }

  @Test
  void tagFramesFirstMessageMustBeAConfig() throws InterruptedException {
    StreamRecorder<TagFramesResponse> recorder = new StreamRecorder<>();
    StreamObserver<TagFramesRequest> requests = async.tagFrames(recorder);
    requests.onNext(frame(0, png(Color.RED)));
    recorder.await();
    assertEquals(Status.Code.INVALID_ARGUMENT, recorder.status().getCode());
    assertTrue(recorder.status().getDescription().startsWith("config"));
  }

  @Test
  void tagFramesChunkOfAnotherFrameBeforeTheFirstIsCompleteIsInvalid() throws InterruptedException {
    byte[] image = TestImages.solidPng(Color.RED, 16, 16);
    StreamRecorder<TagFramesResponse> recorder = new StreamRecorder<>();
    StreamObserver<TagFramesRequest> requests = async.tagFrames(recorder);
    requests.onNext(config(false));
    requests.onNext(frameChunk(1, chunk(image, 0, 10)));
    requests.onNext(frameChunk(2, chunk(image, 0, 10)));
    recorder.await();
    assertEquals(Status.Code.INVALID_ARGUMENT, recorder.status().getCode());
    assertTrue(recorder.status().getDescription().contains("chunk out of order"));
  }
}
