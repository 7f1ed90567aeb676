package dev.clipstream.api.grpc;

import dev.clipstream.api.grpc.v1.EncodeStreamRequest;
import dev.clipstream.api.grpc.v1.EncodeStreamResponse;
import dev.clipstream.api.grpc.v1.ImageChunk;
import dev.clipstream.service.CallContext;
import dev.clipstream.service.ChunkAssembler;
import dev.clipstream.service.ClipServiceException;
import dev.clipstream.service.EmbeddingService;
import dev.clipstream.service.ImageInput;
import dev.clipstream.service.ModelRegistry;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * EncodeStream: interleaved texts, images and chunked images, answered by id as each finishes.
 *
 * <p>Flow control: the server requests {@code window} messages up front and one more each time a
 * message is done with (an item answered, or a non-final chunk buffered), so at most {@code window}
 * items are queued or running per stream and at most {@code window} images are partly assembled. A
 * client pushing faster than the batcher admits is held back by HTTP/2 flow control.
 *
 * <p>A bad item gets an {@code ItemError} and the stream goes on; only a message without id or item
 * ends the stream with INVALID_ARGUMENT.
 */
final class EncodeStreamHandler implements StreamObserver<EncodeStreamRequest> {
  private final ServerCallStreamObserver<EncodeStreamResponse> raw;
  private final SerializedObserver<EncodeStreamResponse> out;
  private final ModelRegistry registry;
  private final EmbeddingService embeddings;
  private final CallContext call;
  private final int window;
  private final InboundCredits credits;

  // Touched only by inbound callbacks, which gRPC serialises.
  private final Map<String, ChunkAssembler> assemblies = new HashMap<>();
  private final Set<String> abandonedChunkIds = new HashSet<>();

  // guarded by this
  private final Set<String> idsInFlight = new HashSet<>();
  private int itemsInFlight;
  private boolean halfClosed;

  EncodeStreamHandler(
      ServerCallStreamObserver<EncodeStreamResponse> raw,
      ModelRegistry registry,
      EmbeddingService embeddings,
      CallContext call) {
    this.raw = raw;
    this.out = new SerializedObserver<>(raw);
    this.credits = new InboundCredits(raw);
    this.registry = registry;
    this.embeddings = embeddings;
    this.call = call;
    this.window = embeddings.limits().maxStreamItemsInFlight();
  }

  void start() {
    raw.disableAutoRequest();
    raw.request(window);
  }

  @Override
  public void onNext(EncodeStreamRequest request) {
    if (out.isDone()) {
      return;
    }
    String id = request.getId();
    if (id.isEmpty()) {
      endStream(ClipServiceException.invalid("id", "every message needs a non-empty id"));
      return;
    }
    switch (request.getItemCase()) {
      case TEXT ->
          submit(
              id,
              () ->
                  embeddings
                      .encodeText(
                          registry.resolve(request.getModel()),
                          request.getText(),
                          request.getNormalize(),
                          call)
                      .thenApply(
                          r -> response(id, r.embedding()).setTruncated(r.truncated()).build()));
      case IMAGE ->
          submit(
              id,
              () ->
                  embeddings
                      .encodeImage(
                          registry.resolve(request.getModel()),
                          ProtoMapper.image(request.getImage(), "image"),
                          request.getNormalize(),
                          call,
                          "image")
                      .thenApply(e -> response(id, e).build()));
      case IMAGE_CHUNK -> chunk(id, request);
      case ITEM_NOT_SET ->
          endStream(
              ClipServiceException.invalid(
                  "item", "message " + id + " has no text, image or chunk"));
    }
  }

  private static EncodeStreamResponse.Builder response(String id, float[] embedding) {
    return EncodeStreamResponse.newBuilder()
        .setId(id)
        .setEmbedding(ProtoMapper.embedding(embedding));
  }

  private void chunk(String id, EncodeStreamRequest request) {
    ImageChunk chunk = request.getImageChunk();
    ChunkAssembler assembler = assemblies.get(id);
    if (assembler == null) {
      if (abandonedChunkIds.contains(id) && chunk.getOffset() != 0) {
        credits.release(1); // the rest of an image already answered with an error
        return;
      }
      abandonedChunkIds.remove(id);
      if (assemblies.size() >= window) {
        failItem(id, ClipServiceException.overloaded("too many partly sent images", 100), true);
        return;
      }
      try {
        assembler =
            new ChunkAssembler(
                "image_chunk", chunk.getTotalSizeBytes(), embeddings.limits().maxImageBytes());
      } catch (ClipServiceException e) {
        failItem(id, e, true);
        return;
      }
      if (!reserveId(id)) {
        failItem(
            id, ClipServiceException.invalid("id", "id " + id + " is already in flight"), false);
        return;
      }
      assemblies.put(id, assembler);
    }
    boolean complete;
    try {
      complete =
          assembler.append(
              chunk.getOffset(),
              ByteStringArrays.readOnlyArray(chunk.getData()),
              chunk.getTotalSizeBytes());
    } catch (ClipServiceException e) {
      assemblies.remove(id);
      releaseId(id); // not half-closed: onCompleted has not run while chunks arrive
      failItem(id, e, true);
      return;
    }
    if (!complete) {
      credits.release(1);
      return;
    }
    assemblies.remove(id);
    byte[] bytes = assembler.bytes();
    run(
        id,
        () ->
            embeddings
                .encodeImage(
                    registry.resolve(request.getModel()),
                    new ImageInput.Encoded(bytes),
                    request.getNormalize(),
                    call,
                    "image_chunk")
                .thenApply(e -> response(id, e).build()));
  }

  private void submit(String id, Supplier<CompletableFuture<EncodeStreamResponse>> work) {
    if (!reserveId(id)) {
      failItem(id, ClipServiceException.invalid("id", "id " + id + " is already in flight"), false);
      return;
    }
    run(id, work);
  }

  /** Runs a reserved item and answers it, with its result or its item-level error. */
  private void run(String id, Supplier<CompletableFuture<EncodeStreamResponse>> work) {
    CompletableFuture<EncodeStreamResponse> future;
    try {
      future = work.get();
    } catch (Throwable e) { // bad item: answered with an item error below
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete(
        (response, failure) -> {
          out.onNext(
              failure == null
                  ? response
                  : EncodeStreamResponse.newBuilder()
                      .setId(id)
                      .setError(GrpcStatus.toItemError(failure))
                      .build());
          itemDone(id);
        });
  }

  private void failItem(String id, ClipServiceException e, boolean abandonChunks) {
    if (abandonChunks) {
      abandonedChunkIds.add(id);
    }
    out.onNext(
        EncodeStreamResponse.newBuilder().setId(id).setError(GrpcStatus.toItemError(e)).build());
    credits.release(1);
  }

  private synchronized boolean reserveId(String id) {
    if (!idsInFlight.add(id)) {
      return false;
    }
    itemsInFlight++;
    return true;
  }

  /** Frees an item's id; true when the stream is half-closed and nothing is left. */
  private synchronized boolean releaseId(String id) {
    idsInFlight.remove(id);
    itemsInFlight--;
    return halfClosed && itemsInFlight == 0;
  }

  /** An item was answered: complete the stream if it was the last, else admit one more. */
  private void itemDone(String id) {
    if (releaseId(id)) {
      out.onCompleted();
    } else {
      credits.release(1);
    }
  }

  private void endStream(ClipServiceException e) {
    call.cancel();
    out.onError(e);
  }

  @Override
  public void onError(Throwable t) {
    call.cancel();
  }

  @Override
  public void onCompleted() {
    for (String id : assemblies.keySet()) {
      abandonIncomplete(id);
    }
    assemblies.clear();
    boolean finish;
    synchronized (this) {
      halfClosed = true;
      finish = itemsInFlight == 0;
    }
    if (finish) {
      out.onCompleted();
    }
  }

  /** Answers an image still incomplete at half-close with an item error. */
  private void abandonIncomplete(String id) {
    out.onNext(
        EncodeStreamResponse.newBuilder()
            .setId(id)
            .setError(
                GrpcStatus.toItemError(
                    ClipServiceException.invalid(
                        "image_chunk", "the stream ended before image " + id + " was complete")))
            .build());
    releaseId(id);
  }
}
