package dev.clipstream.cli.bench;

import com.google.protobuf.ByteString;
import dev.clipstream.api.grpc.v1.ClipServiceGrpc;
import dev.clipstream.api.grpc.v1.EncodeImageRequest;
import dev.clipstream.api.grpc.v1.EncodeStreamRequest;
import dev.clipstream.api.grpc.v1.EncodeStreamResponse;
import dev.clipstream.api.grpc.v1.EncodeTextRequest;
import dev.clipstream.api.grpc.v1.Frame;
import dev.clipstream.api.grpc.v1.Image;
import dev.clipstream.api.grpc.v1.ListModelsRequest;
import dev.clipstream.api.grpc.v1.TagConfig;
import dev.clipstream.api.grpc.v1.TagFramesRequest;
import dev.clipstream.api.grpc.v1.TagFramesResponse;
import dev.clipstream.service.CallTiming;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * gRPC clients for the server benchmark: unary image and text encoding, and frame tagging over one
 * bidirectional stream per worker (each worker sends a frame and waits for its tags).
 */
final class LoadGenerator implements AutoCloseable {
  /** HTTP/2 servers cap concurrent streams per connection (often 100), so spread workers. */
  private static final int WORKERS_PER_CHANNEL = 64;

  private static final String UNKNOWN_MODEL = "bench-warm-up-no-such-model";

  private static final Metadata.Key<String> SERVER_TIMING =
      Metadata.Key.of("server-timing", Metadata.ASCII_STRING_MARSHALLER);

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<ByteString> images;
  private final List<String> captions;
  private final List<String> labels;

  LoadGenerator(int port, int maxConcurrency, List<byte[]> jpegs, List<String> captions) {
    int count = Math.max(1, (maxConcurrency + WORKERS_PER_CHANNEL - 1) / WORKERS_PER_CHANNEL);
    for (int i = 0; i < count; i++) {
      channels.add(
          NettyChannelBuilder.forAddress("127.0.0.1", port)
              .usePlaintext()
              .maxInboundMessageSize(64 << 20)
              .build());
    }
    this.images = jpegs.stream().map(ByteString::copyFrom).toList();
    this.captions = captions;
    this.labels = captions.subList(0, 16);
  }

  private ClipServiceGrpc.ClipServiceBlockingStub blocking(int worker) {
    return ClipServiceGrpc.newBlockingStub(channel(worker))
        .withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  ClosedLoop.Call unaryImage(int worker) {
    int[] next = {worker};
    return () -> blocking(worker).encodeImage(oneImage(next)).getEmbeddingsCount();
  }

  /** A request with the next of the images, cycling from {@code next[0]}. */
  private EncodeImageRequest oneImage(int[] next) {
    ByteString jpeg = images.get(next[0]++ % images.size());
    return EncodeImageRequest.newBuilder().addImages(Image.newBuilder().setEncoded(jpeg)).build();
  }

  /**
   * As {@link #unaryImage}, reporting the {@code model} stage of each call's {@code server-timing}
   * trailer to {@code modelNanos} (-1 when absent). Only for the paired concurrency-1 calls: the
   * sweeps keep the plain stub, without the capturing interceptor.
   */
  ClosedLoop.Call unaryImage(int worker, LongConsumer modelNanos) {
    int[] next = {worker};
    return () -> {
      EncodeImageRequest request = oneImage(next);
      return timed(worker, modelNanos, stub -> stub.encodeImage(request).getEmbeddingsCount());
    };
  }

  /**
   * As {@link #unaryText}, reporting the server's model time like {@link #unaryImage(int,
   * LongConsumer)}.
   */
  ClosedLoop.Call unaryText(int worker, LongConsumer modelNanos) {
    int[] next = {worker};
    return () -> {
      EncodeTextRequest request = texts(next, 1);
      return timed(worker, modelNanos, stub -> stub.encodeText(request).getResultsCount());
    };
  }

  private int timed(
      int worker,
      LongConsumer modelNanos,
      ToIntFunction<ClipServiceGrpc.ClipServiceBlockingStub> call) {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    int items =
        call.applyAsInt(
            blocking(worker)
                .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers)));
    Metadata received = trailers.get();
    double millis =
        CallTiming.durationMillis(received == null ? null : received.get(SERVER_TIMING), "model");
    modelNanos.accept(Double.isNaN(millis) ? -1 : Math.round(millis * 1e6));
    return items;
  }

  /** Unary ListModels: no model work, only the per-call path (transport, interceptors, stubs). */
  ClosedLoop.Call listModels(int worker) {
    return () ->
        blocking(worker).listModels(ListModelsRequest.getDefaultInstance()).getModelsCount() > 0
            ? 1
            : 0;
  }

  /**
   * Unary EncodeImage naming a model the server does not have: the whole request (a JPEG of tens of
   * kilobytes) is serialised, sent and parsed, then rejected with NOT_FOUND before any model work.
   * Warms both processes' large-message paths in thousands of calls where real image calls on
   * vit-b-32 would manage a few dozen. Counts an item per NOT_FOUND; any other outcome is an error.
   */
  ClosedLoop.Call imageToUnknownModel(int worker) {
    int[] next = {worker};
    return () -> {
      ByteString jpeg = images.get(next[0]++ % images.size());
      EncodeImageRequest request =
          EncodeImageRequest.newBuilder()
              .setModel(UNKNOWN_MODEL)
              .addImages(Image.newBuilder().setEncoded(jpeg))
              .build();
      try {
        blocking(worker).encodeImage(request);
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          return 1;
        }
        throw e;
      }
      throw new IllegalStateException("the server answered for model " + UNKNOWN_MODEL);
    };
  }

  ClosedLoop.Call unaryText(int worker) {
    return unaryTexts(worker, 1);
  }

  /**
   * Unary EncodeText with {@code perCall} captions: a client embedding a caption list in chunks.
   * Counts the embeddings returned, so throughput is in texts.
   */
  ClosedLoop.Call unaryTexts(int worker, int perCall) {
    int[] next = {worker};
    return () -> blocking(worker).encodeText(texts(next, perCall)).getResultsCount();
  }

  /** A request with the next {@code perCall} captions, cycling from {@code next[0]}. */
  private EncodeTextRequest texts(int[] next, int perCall) {
    EncodeTextRequest.Builder request = EncodeTextRequest.newBuilder();
    for (int i = 0; i < perCall; i++) {
      request.addTexts(captions.get(next[0]++ % captions.size()));
    }
    return request.build();
  }

  /** One TagFrames stream with 16 labels; each call sends one frame and awaits its response. */
  ClosedLoop.Call tagFrames(int worker) {
    long[] frameId = {0};
    return new OneInFlightStream<TagFramesRequest, TagFramesResponse>(
        ClipServiceGrpc.newStub(channel(worker))::tagFrames,
        TagFramesRequest.newBuilder()
            .setConfig(TagConfig.newBuilder().addAllLabels(labels).addTemplates("a photo of {}"))
            .build(),
        () -> {
          ByteString jpeg = images.get((int) (frameId[0] % images.size()));
          return TagFramesRequest.newBuilder()
              .setFrame(
                  Frame.newBuilder()
                      .setFrameId(frameId[0]++)
                      .setTimestampMicros(frameId[0] * 33_333)
                      .setImage(Image.newBuilder().setEncoded(jpeg)))
              .build();
        },
        tags -> !tags.hasError());
  }

  /** One EncodeStream per worker; each call sends one caption and awaits its embedding. */
  ClosedLoop.Call streamText(int worker) {
    int[] next = {worker};
    return new OneInFlightStream<EncodeStreamRequest, EncodeStreamResponse>(
        ClipServiceGrpc.newStub(channel(worker))::encodeStream,
        null,
        () ->
            EncodeStreamRequest.newBuilder()
                .setId(Integer.toString(next[0]))
                .setText(captions.get(next[0]++ % captions.size()))
                .build(),
        EncodeStreamResponse::hasEmbedding);
  }

  /** One EncodeStream per worker; each call sends one JPEG and awaits its embedding. */
  ClosedLoop.Call streamImage(int worker) {
    int[] next = {worker};
    return new OneInFlightStream<EncodeStreamRequest, EncodeStreamResponse>(
        ClipServiceGrpc.newStub(channel(worker))::encodeStream,
        null,
        () ->
            EncodeStreamRequest.newBuilder()
                .setId(Integer.toString(next[0]))
                .setImage(Image.newBuilder().setEncoded(images.get(next[0]++ % images.size())))
                .build(),
        EncodeStreamResponse::hasEmbedding);
  }

  private ManagedChannel channel(int worker) {
    return channels.get(worker % channels.size());
  }

  /**
   * A bidirectional stream kept open for the whole measurement, one request in flight: the cost per
   * item without the per-call setup of a unary RPC.
   */
  private static final class OneInFlightStream<Q, A> implements ClosedLoop.Call {
    private final LinkedBlockingQueue<Object> responses = new LinkedBlockingQueue<>();
    private final StreamObserver<Q> requests;
    private final Supplier<Q> next;
    private final Predicate<A> ok;

    OneInFlightStream(
        Function<StreamObserver<A>, StreamObserver<Q>> open,
        Q first,
        Supplier<Q> next,
        Predicate<A> ok) {
      this.next = next;
      this.ok = ok;
      this.requests =
          open.apply(
              new StreamObserver<>() {
                @Override
                public void onNext(A value) {
                  responses.add(value);
                }

                @Override
                public void onError(Throwable t) {
                  responses.add(t);
                }

                @Override
                public void onCompleted() {}
              });
      if (first != null) {
        requests.onNext(first);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public int run() throws Exception {
      requests.onNext(next.get());
      Object response = responses.poll(120, TimeUnit.SECONDS);
      if (response == null || response instanceof Throwable || !ok.test((A) response)) {
        throw new IllegalStateException("stream item failed: " + response);
      }
      return 1;
    }

    @Override
    public void close() {
      requests.onCompleted();
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
