package dev.clipstream.api.grpc;

import static dev.clipstream.api.grpc.GrpcTestSupport.assertStatus;
import static dev.clipstream.api.grpc.GrpcTestSupport.metricSum;
import static dev.clipstream.api.grpc.GrpcTestSupport.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.api.grpc.v1.ClassifyImageRequest;
import dev.clipstream.api.grpc.v1.ClipServiceGrpc;
import dev.clipstream.api.grpc.v1.EncodeImageRequest;
import dev.clipstream.api.grpc.v1.EncodeTextRequest;
import dev.clipstream.api.grpc.v1.EncodeTextResponse;
import dev.clipstream.api.grpc.v1.ListModelsRequest;
import dev.clipstream.service.CallTiming;
import dev.clipstream.testing.DeterministicModelSource;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {
  @GrpcClient("clip")
  ClipServiceGrpc.ClipServiceBlockingStub clip;

  @GrpcClient("health")
  HealthGrpc.HealthBlockingStub health;

  @GrpcClient("clip")
  io.grpc.Channel channel;

  private final ExecutorService callers = Executors.newFixedThreadPool(64);

  @BeforeEach
  void serving() throws InterruptedException {
    GrpcTestSupport.awaitServing(health);
  }

  @AfterEach
  void reset() {
    DeterministicModelSource.STATS.imageDelayMillis = 0;
    DeterministicModelSource.STATS.textDelayMillis = 0;
    callers.shutdownNow();
  }

  @Test
  void healthReportsServingForTheServerAndTheClipService() {
    assertEquals(
        ServingStatus.SERVING,
        health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus());
    assertEquals(
        ServingStatus.SERVING,
        health
            .check(HealthCheckRequest.newBuilder().setService("clip.v1.ClipService").build())
            .getStatus());
    var watch = health.watch(HealthCheckRequest.newBuilder().setService("").build());
    assertEquals(ServingStatus.SERVING, watch.next().getStatus());
  }

  @Test
  void concurrentUnaryCallsShareBatchesAndMatchSingleCalls() throws Exception {
    String before = GrpcTestSupport.metrics();
    String sum = "clip_batch_size_sum{model=\"test\",tower=\"text\"";
    String count = "clip_batch_size_count{model=\"test\",tower=\"text\"";
    DeterministicModelSource.STATS.textDelayMillis = 20;
    List<CompletableFuture<EncodeTextResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      String text = "caption number " + i;
      calls.add(
          CompletableFuture.supplyAsync(
              () -> clip.encodeText(EncodeTextRequest.newBuilder().addTexts(text).build()),
              callers));
    }
    List<EncodeTextResponse> concurrent = new ArrayList<>();
    for (var call : calls) {
      concurrent.add(call.get(60, TimeUnit.SECONDS));
    }
    String after = GrpcTestSupport.metrics();
    double items = metricSum(after, sum) - metricSum(before, sum);
    double batches = metricSum(after, count) - metricSum(before, count);
    assertEquals(64, items, 0.0);
    assertTrue(items / batches > 1, "mean batch size " + items / batches);
    DeterministicModelSource.STATS.textDelayMillis = 0;
    for (int i = 0; i < 64; i++) {
      var single =
          clip.encodeText(EncodeTextRequest.newBuilder().addTexts("caption number " + i).build());
      assertEquals(single.getResults(0), concurrent.get(i).getResults(0));
    }
  }

  @Test
  void fullImageQueueIsResourceExhaustedWithRetryPushback() throws Exception {
    DeterministicModelSource.STATS.imageDelayMillis = 300;
    List<CompletableFuture<Status>> calls = new ArrayList<>();
    AtomicReference<Metadata> pushbackTrailers = new AtomicReference<>();
    for (int i = 0; i < 40; i++) {
      calls.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  clip.encodeImage(
                      EncodeImageRequest.newBuilder().addImages(png(Color.RED)).build());
                  return Status.OK;
                } catch (StatusRuntimeException e) {
                  if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                    pushbackTrailers.set(e.getTrailers());
                  }
                  return e.getStatus();
                }
              },
              callers));
    }
    int ok = 0;
    int exhausted = 0;
    for (var call : calls) {
      Status status = call.get(60, TimeUnit.SECONDS);
      assertTrue(
          status.isOk() || status.getCode() == Status.Code.RESOURCE_EXHAUSTED, status.toString());
      ok += status.isOk() ? 1 : 0;
      exhausted += status.isOk() ? 0 : 1;
    }
    assertTrue(ok > 0 && exhausted > 0, ok + " ok, " + exhausted + " refused");
    String pushback = pushbackTrailers.get().get(GrpcStatus.RETRY_PUSHBACK_MS);
    assertNotNull(pushback);
    assertTrue(Long.parseLong(pushback) >= 1, pushback);
  }

  @Test
  void callPastItsDeadlineIsDeadlineExceededAndItsItemNeverRuns() throws Exception {
    var stats = DeterministicModelSource.STATS;
    stats.imageDelayMillis = 500;
    long itemsBefore = stats.imageItems.get();
    List<CompletableFuture<?>> busy = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      busy.add(
          CompletableFuture.runAsync(
              () ->
                  clip.encodeImage(
                      EncodeImageRequest.newBuilder().addImages(png(Color.RED)).build()),
              callers));
    }
    long end = System.nanoTime() + 10_000_000_000L;
    while (stats.imageItems.get() == itemsBefore && System.nanoTime() < end) {
      Thread.sleep(5); // until the first batch runs (for 500 ms)
    }
    Thread.sleep(100); // the rest of the four are queued behind it
    assertStatus(
        Status.Code.DEADLINE_EXCEEDED,
        () ->
            clip.withDeadlineAfter(150, TimeUnit.MILLISECONDS)
                .encodeImage(EncodeImageRequest.newBuilder().addImages(png(Color.BLUE)).build()));
    for (var call : busy) {
      call.get(30, TimeUnit.SECONDS);
    }
    Thread.sleep(300);
    assertEquals(4, stats.imageItems.get() - itemsBefore, "the expired item ran");
  }

  @Test
  void requestIdIsEchoedAndGeneratedWhenAbsent() {
    Metadata headers = new Metadata();
    headers.put(CallInterceptor.REQUEST_ID, "req-42");
    headers.put(
        CallInterceptor.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    AtomicReference<Metadata> responseHeaders = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    clip.withInterceptors(
            MetadataUtils.newAttachHeadersInterceptor(headers),
            MetadataUtils.newCaptureMetadataInterceptor(responseHeaders, trailers))
        .encodeText(EncodeTextRequest.newBuilder().addTexts("x").build());
    assertEquals("req-42", responseHeaders.get().get(CallInterceptor.REQUEST_ID));
    AtomicReference<Metadata> generated = new AtomicReference<>();
    clip.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(generated, trailers))
        .encodeText(EncodeTextRequest.newBuilder().addTexts("x").build());
    assertEquals(36, generated.get().get(CallInterceptor.REQUEST_ID).length());
  }

  @Test
  void everyCallEndsWithAServerTimingTrailerOfItsStages() {
    DeterministicModelSource.STATS.textDelayMillis = 30;
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    clip.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
        .encodeText(EncodeTextRequest.newBuilder().addTexts("a slow text").build());
    String timing = trailers.get().get(CallInterceptor.SERVER_TIMING);
    assertTrue(
        timing.matches(
            "prep;dur=\\d+\\.\\d{3}, queue;dur=\\d+\\.\\d{3}, model;dur=\\d+\\.\\d{3},"
                + " total;dur=\\d+\\.\\d{3}"),
        timing);
    double model = CallTiming.durationMillis(timing, "model");
    assertTrue(model >= 30, "the model stage holds the model's 30 ms: " + timing);
    assertTrue(CallTiming.durationMillis(timing, "total") >= model, timing);

    clip.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
        .listModels(ListModelsRequest.getDefaultInstance());
    assertTrue(
        trailers.get().get(CallInterceptor.SERVER_TIMING).matches("total;dur=\\d+\\.\\d{3}"),
        "a call without model work reports only its total");
  }

  @Test
  void messageOverTheInboundLimitIsResourceExhausted() {
    String huge = "x".repeat(17 * 1024 * 1024);
    assertStatus(
        Status.Code.RESOURCE_EXHAUSTED,
        () -> clip.encodeText(EncodeTextRequest.newBuilder().addTexts(huge).build()));
  }

  @Test
  void metricsExposeRequestsBatchingQueueAndCacheMeters() throws Exception {
    clip.classifyImage(
        ClassifyImageRequest.newBuilder().setImage(png(Color.RED)).addLabels("metric").build());
    clip.classifyImage(
        ClassifyImageRequest.newBuilder().setImage(png(Color.RED)).addLabels("metric").build());
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () -> clip.encodeText(EncodeTextRequest.getDefaultInstance()));
    String metrics = GrpcTestSupport.metrics();
    for (String name :
        List.of(
            "clip_requests_total{method=\"ClassifyImage\",status=\"OK\"}",
            "clip_requests_total{method=\"EncodeText\",status=\"INVALID_ARGUMENT\"}",
            "clip_batch_size_bucket{model=\"test\",tower=\"image\"",
            "clip_preprocess_seconds_count{model=\"test\",tower=\"image\"}",
            "clip_preprocess_seconds_count{model=\"test\",tower=\"text\"}",
            "clip_queue_wait_seconds_count{model=\"test\",tower=\"text\"}",
            "clip_model_execution_seconds_count{model=\"test\",tower=\"image\"}",
            "clip_queue_items{model=\"test\",tower=\"text\"}",
            "clip_label_cache_requests_total{result=\"hit\"}")) {
      assertTrue(metricSum(metrics, name) > 0 || name.startsWith("clip_queue_items"), name);
      assertTrue(metrics.contains(name), name + " missing from /q/metrics");
    }
  }

  @Test
  void reflectionListsTheClipServiceForGrpcurl() throws Exception {
    StreamRecorder<io.grpc.reflection.v1.ServerReflectionResponse> recorder =
        new StreamRecorder<>();
    var requests =
        io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel).serverReflectionInfo(recorder);
    requests.onNext(
        io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    recorder.await();
    List<String> services =
        recorder.values.get(0).getListServicesResponse().getServiceList().stream()
            .map(io.grpc.reflection.v1.ServiceResponse::getName)
            .toList();
    assertTrue(services.contains("clip.v1.ClipService"), services.toString());
    assertTrue(services.contains("grpc.health.v1.Health"), services.toString());
  }
}
