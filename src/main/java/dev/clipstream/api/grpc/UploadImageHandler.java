package dev.clipstream.api.grpc;

import dev.clipstream.api.grpc.v1.UploadImageRequest;
import dev.clipstream.api.grpc.v1.UploadImageResponse;
import dev.clipstream.service.CallContext;
import dev.clipstream.service.ChunkAssembler;
import dev.clipstream.service.ClipServiceException;
import dev.clipstream.service.EmbeddingService;
import dev.clipstream.service.ImageInput;
import dev.clipstream.service.ModelHandle;
import dev.clipstream.service.ModelRegistry;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * UploadImage: metadata first (size checked against the limit before anything is buffered), then
 * contiguous chunks; the image is encoded when the client half-closes. One message is requested at
 * a time, so the server never holds more than one unprocessed chunk.
 */
final class UploadImageHandler implements StreamObserver<UploadImageRequest> {
  private final ServerCallStreamObserver<UploadImageResponse> raw;
  private final SerializedObserver<UploadImageResponse> out;
  private final ModelRegistry registry;
  private final EmbeddingService embeddings;
  private final CallContext call;
  private ModelHandle model; // inbound callbacks are serialised by gRPC
  private ChunkAssembler assembler;
  private boolean normalize;

  UploadImageHandler(
      ServerCallStreamObserver<UploadImageResponse> raw,
      ModelRegistry registry,
      EmbeddingService embeddings,
      CallContext call) {
    this.raw = raw;
    this.out = new SerializedObserver<>(raw);
    this.registry = registry;
    this.embeddings = embeddings;
    this.call = call;
  }

  void start() {
    raw.disableAutoRequest();
    raw.request(1);
  }

  @Override
  public void onNext(UploadImageRequest request) {
    if (out.isDone()) {
      return;
    }
    try {
      accept(request);
      raw.request(1);
    } catch (RuntimeException e) {
      call.cancel();
      out.onError(e);
    }
  }

  private void accept(UploadImageRequest request) {
    switch (request.getKindCase()) {
      case METADATA -> {
        if (assembler != null) {
          throw ClipServiceException.invalid("metadata", "sent twice; only the first message");
        }
        var metadata = request.getMetadata();
        model = registry.resolve(metadata.getModel());
        normalize = metadata.getNormalize();
        assembler =
            new ChunkAssembler(
                "metadata", metadata.getTotalSizeBytes(), embeddings.limits().maxImageBytes());
      }
      case CHUNK -> {
        if (assembler == null) {
          throw ClipServiceException.invalid("metadata", "the first message must be metadata");
        }
        var chunk = request.getChunk();
        assembler.append(chunk.getOffset(), ByteStringArrays.readOnlyArray(chunk.getData()), 0);
      }
      case KIND_NOT_SET -> throw ClipServiceException.invalid("kind", "set metadata or chunk");
    }
  }

  @Override
  public void onError(Throwable t) {
    call.cancel();
  }

  @Override
  public void onCompleted() {
    if (out.isDone()) {
      return;
    }
    try {
      if (assembler == null) {
        throw ClipServiceException.invalid("metadata", "no metadata was sent");
      }
      if (!assembler.isComplete()) {
        throw ClipServiceException.invalid(
            "chunk", "image incomplete: " + assembler.receivedBytes() + " bytes received");
      }
      embeddings
          .encodeImage(model, new ImageInput.Encoded(assembler.bytes()), normalize, call, "chunk")
          .whenComplete(
              (embedding, failure) -> {
                if (failure != null) {
                  out.onError(failure);
                } else {
                  out.onNext(
                      UploadImageResponse.newBuilder()
                          .setModel(model.name())
                          .setEmbedding(ProtoMapper.embedding(embedding))
                          .setReceivedBytes(assembler.receivedBytes())
                          .build());
                  out.onCompleted();
                }
              });
    } catch (RuntimeException e) {
      out.onError(e);
    }
  }
}
