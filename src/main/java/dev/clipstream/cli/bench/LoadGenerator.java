package dev.clipstream.cli.bench;

import com.google.protobuf.ByteString;
import dev.clipstream.api.grpc.v1.ClipServiceGrpc;
import dev.clipstream.api.grpc.v1.EncodeImageRequest;
import dev.clipstream.api.grpc.v1.EncodeTextRequest;
import dev.clipstream.api.grpc.v1.Frame;
import dev.clipstream.api.grpc.v1.Image;
import dev.clipstream.api.grpc.v1.TagConfig;
import dev.clipstream.api.grpc.v1.TagFramesRequest;
import dev.clipstream.api.grpc.v1.TagFramesResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * gRPC clients for the server benchmark: unary image and text encoding, and frame tagging over one
 * bidirectional stream per worker (each worker sends a frame and waits for its tags).
 */
final class LoadGenerator implements AutoCloseable {
  /** HTTP/2 servers cap concurrent streams per connection (often 100), so spread workers. */
  private static final int WORKERS_PER_CHANNEL = 64;

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
    return ClipServiceGrpc.newBlockingStub(channels.get(worker % channels.size()))
        .withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  ClosedLoop.Call unaryImage(int worker) {
    int[] next = {worker};
    return () -> {
      ByteString jpeg = images.get(next[0]++ % images.size());
      EncodeImageRequest request =
          EncodeImageRequest.newBuilder().addImages(Image.newBuilder().setEncoded(jpeg)).build();
      return blocking(worker).encodeImage(request).getEmbeddingsCount();
    };
  }

  ClosedLoop.Call unaryText(int worker) {
    int[] next = {worker};
    return () -> {
      String caption = captions.get(next[0]++ % captions.size());
      EncodeTextRequest request = EncodeTextRequest.newBuilder().addTexts(caption).build();
      return blocking(worker).encodeText(request).getResultsCount();
    };
  }

  /** One TagFrames stream with 16 labels; each call sends one frame and awaits its response. */
  ClosedLoop.Call tagFrames(int worker) {
    LinkedBlockingQueue<Object> responses = new LinkedBlockingQueue<>();
    StreamObserver<TagFramesRequest> requests =
        ClipServiceGrpc.newStub(channels.get(worker % channels.size()))
            .tagFrames(
                new StreamObserver<>() {
                  @Override
                  public void onNext(TagFramesResponse value) {
                    responses.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    responses.add(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(
        TagFramesRequest.newBuilder()
            .setConfig(TagConfig.newBuilder().addAllLabels(labels).addTemplates("a photo of {}"))
            .build());
    long[] frameId = {0};
    return new ClosedLoop.Call() {
      @Override
      public int run() throws Exception {
        ByteString jpeg = images.get((int) (frameId[0] % images.size()));
        requests.onNext(
            TagFramesRequest.newBuilder()
                .setFrame(
                    Frame.newBuilder()
                        .setFrameId(frameId[0]++)
                        .setTimestampMicros(frameId[0] * 33_333)
                        .setImage(Image.newBuilder().setEncoded(jpeg)))
                .build());
        Object response = responses.poll(120, TimeUnit.SECONDS);
        if (!(response instanceof TagFramesResponse tags) || tags.hasError()) {
          throw new IllegalStateException("frame failed: " + response);
        }
        return 1;
      }

      @Override
      public void close() {
        requests.onCompleted();
      }
    };
  }

  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
