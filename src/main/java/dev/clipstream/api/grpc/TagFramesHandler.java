package dev.clipstream.api.grpc;

import dev.clipstream.api.grpc.v1.Frame;
import dev.clipstream.api.grpc.v1.TagConfig;
import dev.clipstream.api.grpc.v1.TagFramesRequest;
import dev.clipstream.api.grpc.v1.TagFramesResponse;
import dev.clipstream.service.CallContext;
import dev.clipstream.service.ChunkAssembler;
import dev.clipstream.service.ClipServiceException;
import dev.clipstream.service.EmbeddingService;
import dev.clipstream.service.ImageInput;
import dev.clipstream.service.LabelScore;
import dev.clipstream.service.ModelHandle;
import dev.clipstream.service.ModelRegistry;
import dev.clipstream.service.TagPolicy;
import dev.clipstream.service.ZeroShotService;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * TagFrames: a config, then frames (whole or chunked), answered in frame order.
 *
 * <p>Label embeddings are computed once per stream (through the shared cache). Frames run in
 * parallel through the pool and the image batcher, and responses are released strictly in arrival
 * order. Flow control: at most {@code window} frames are in flight; a new frame is requested only
 * when the oldest one has been answered, so a client pushing 10,000 frames is held back by HTTP/2
 * flow control instead of filling the server's memory.
 */
final class TagFramesHandler implements StreamObserver<TagFramesRequest> {
  private final ServerCallStreamObserver<TagFramesResponse> raw;
  private final SerializedObserver<TagFramesResponse> out;
  private final ModelRegistry registry;
  private final EmbeddingService embeddings;
  private final ZeroShotService zeroShot;
  private final CallContext call;
  private final int window;
  private final InboundCredits credits;

  // Set by the config message; read by completion callbacks after that (happens-before via the
  // futures they complete).
  private volatile ModelHandle model;
  private volatile TagPolicy policy;
  private volatile CompletableFuture<ZeroShotService.LabelSet> labels;

  // Inbound callbacks only.
  private ChunkAssembler assembling;
  private Frame assemblingFrame;

  /** A frame waiting for its tags, in arrival order. */
  private record Slot(Frame frame, CompletableFuture<List<LabelScore>> tags) {}

  // guarded by this
  private final ArrayDeque<Slot> pending = new ArrayDeque<>();
  private List<LabelScore> lastEmitted;
  private boolean halfClosed;

  TagFramesHandler(
      ServerCallStreamObserver<TagFramesResponse> raw,
      ModelRegistry registry,
      EmbeddingService embeddings,
      ZeroShotService zeroShot,
      CallContext call) {
    this.raw = raw;
    this.out = new SerializedObserver<>(raw);
    this.credits = new InboundCredits(raw);
    this.registry = registry;
    this.embeddings = embeddings;
    this.zeroShot = zeroShot;
    this.call = call;
    this.window = embeddings.limits().maxStreamItemsInFlight();
  }

  void start() {
    raw.disableAutoRequest();
    raw.request(1); // the config
  }

  @Override
  public void onNext(TagFramesRequest request) {
    if (out.isDone()) {
      return;
    }
    try {
      if (policy == null) {
        configure(request);
        raw.request(window);
        return;
      }
      if (request.hasConfig()) {
        throw ClipServiceException.invalid("config", "sent twice; only the first message");
      }
      if (!request.hasFrame()) {
        throw ClipServiceException.invalid("frame", "every message after the config is a frame");
      }
      frame(request.getFrame());
    } catch (ClipServiceException e) {
      call.cancel();
      out.onError(e);
    }
  }

  private void configure(TagFramesRequest request) {
    if (!request.hasConfig()) {
      throw ClipServiceException.invalid("config", "the first message must be a config");
    }
    TagConfig config = request.getConfig();
    ModelHandle m = registry.resolve(config.getModel());
    TagPolicy p =
        new TagPolicy(
            ProtoMapper.topK(config.getTopK()),
            config.getScoreThreshold(),
            config.getEmitOnlyOnChange());
    zeroShot.validate(config.getLabelsList(), config.getTemplatesList());
    model = m;
    labels = zeroShot.labelSet(m, config.getLabelsList(), config.getTemplatesList(), call);
    policy = p;
  }

  private void frame(Frame frame) {
    switch (frame.getDataCase()) {
      case IMAGE -> {
        requireNoOpenChunks(frame);
        enqueue(frame, ProtoMapper.image(frame.getImage(), "frame.image"));
      }
      case CHUNK -> {
        if (assembling != null && assemblingFrame.getFrameId() != frame.getFrameId()) {
          requireNoOpenChunks(frame);
        }
        if (assembling == null) {
          assembling =
              new ChunkAssembler(
                  "frame.chunk",
                  frame.getChunk().getTotalSizeBytes(),
                  embeddings.limits().maxImageBytes());
          assemblingFrame = frame;
        }
        var chunk = frame.getChunk();
        if (assembling.append(
            chunk.getOffset(),
            ByteStringArrays.readOnlyArray(chunk.getData()),
            chunk.getTotalSizeBytes())) {
          byte[] bytes = assembling.bytes();
          Frame first = assemblingFrame;
          assembling = null;
          assemblingFrame = null;
          enqueue(first, new ImageInput.Encoded(bytes));
        } else {
          credits.release(1);
        }
      }
      case DATA_NOT_SET ->
          throw ClipServiceException.invalid(
              "frame", "frame " + frame.getFrameId() + " has no image or chunk");
    }
  }

  private void requireNoOpenChunks(Frame next) {
    if (assembling != null) {
      throw ClipServiceException.invalid(
          "frame.chunk",
          "chunk out of order: frame "
              + next.getFrameId()
              + " started before frame "
              + assemblingFrame.getFrameId()
              + " was complete");
    }
  }

  private void enqueue(Frame frame, ImageInput image) {
    ModelHandle m = model;
    CompletableFuture<List<LabelScore>> tags =
        labels.thenCompose(
            set ->
                embeddings
                    .encodeImage(m, image, false, call, "frame.image")
                    .thenApply(e -> policy.select(ZeroShotService.score(m, set, e, 0))));
    Slot slot = new Slot(frame, tags);
    synchronized (this) {
      pending.addLast(slot);
    }
    tags.whenComplete((t, e) -> releaseInOrder());
  }

  /** Answers every finished frame at the head of the queue, in order. */
  private void releaseInOrder() {
    int released = 0;
    boolean finish;
    synchronized (this) {
      while (!pending.isEmpty() && pending.peekFirst().tags().isDone()) {
        Slot slot = pending.pollFirst();
        released++;
        TagFramesResponse.Builder response =
            TagFramesResponse.newBuilder()
                .setFrameId(slot.frame().getFrameId())
                .setTimestampMicros(slot.frame().getTimestampMicros());
        List<LabelScore> tags;
        try {
          tags = slot.tags().join();
        } catch (RuntimeException e) {
          out.onNext(response.setError(GrpcStatus.toItemError(e)).build());
          continue;
        }
        if (policy.shouldEmit(lastEmitted, tags)) {
          tags.forEach(t -> response.addTags(ProtoMapper.labelScore(t)));
          out.onNext(response.build());
          lastEmitted = tags;
        }
      }
      finish = halfClosed && pending.isEmpty();
    }
    if (finish) {
      out.onCompleted();
    } else if (released > 0) {
      credits.release(released);
    }
  }

  @Override
  public void onError(Throwable t) {
    call.cancel();
  }

  @Override
  public void onCompleted() {
    if (assembling != null) {
      call.cancel();
      out.onError(
          ClipServiceException.invalid(
              "frame.chunk",
              "the stream ended before frame " + assemblingFrame.getFrameId() + " was complete"));
      return;
    }
    boolean finish;
    synchronized (this) {
      halfClosed = true;
      finish = pending.isEmpty();
    }
    if (finish) {
      out.onCompleted();
    }
  }
}
