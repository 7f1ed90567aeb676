package dev.clipstream.api.grpc;

import dev.clipstream.api.grpc.v1.ClassifyImageRequest;
import dev.clipstream.api.grpc.v1.ClassifyImageResponse;
import dev.clipstream.api.grpc.v1.ClipServiceGrpc;
import dev.clipstream.api.grpc.v1.EncodeImageRequest;
import dev.clipstream.api.grpc.v1.EncodeImageResponse;
import dev.clipstream.api.grpc.v1.EncodeStreamRequest;
import dev.clipstream.api.grpc.v1.EncodeStreamResponse;
import dev.clipstream.api.grpc.v1.EncodeTextRequest;
import dev.clipstream.api.grpc.v1.EncodeTextResponse;
import dev.clipstream.api.grpc.v1.GetModelMetadataRequest;
import dev.clipstream.api.grpc.v1.ListModelsRequest;
import dev.clipstream.api.grpc.v1.ListModelsResponse;
import dev.clipstream.api.grpc.v1.ModelInfo;
import dev.clipstream.api.grpc.v1.RankRequest;
import dev.clipstream.api.grpc.v1.RankResponse;
import dev.clipstream.api.grpc.v1.RankedCandidate;
import dev.clipstream.api.grpc.v1.TagFramesRequest;
import dev.clipstream.api.grpc.v1.TagFramesResponse;
import dev.clipstream.api.grpc.v1.TextEmbedding;
import dev.clipstream.api.grpc.v1.UploadImageRequest;
import dev.clipstream.api.grpc.v1.UploadImageResponse;
import dev.clipstream.service.CallContext;
import dev.clipstream.service.EmbeddingService;
import dev.clipstream.service.ImageInput;
import dev.clipstream.service.ModelHandle;
import dev.clipstream.service.ModelRegistry;
import dev.clipstream.service.RankingService;
import dev.clipstream.service.ServingState;
import dev.clipstream.service.ZeroShotService;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The clip.v1 service: thin translation between protos and the service layer. Every method returns
 * at once; work runs on the preprocessing pool and the batch threads, never on the gRPC event loop.
 */
@GrpcService
@RegisterInterceptor(CallInterceptor.class)
public class ClipGrpcService extends ClipServiceGrpc.ClipServiceImplBase {
  @Inject ModelRegistry registry;
  @Inject EmbeddingService embeddings;
  @Inject ZeroShotService zeroShot;
  @Inject RankingService ranking;
  @Inject ServingState state;

  /** Runs {@code work} and answers with its result or its mapped status. */
  private static <T> void unary(StreamObserver<T> out, Supplier<CompletableFuture<T>> work) {
    CompletableFuture<T> future;
    try {
      future = work.get();
    } catch (Throwable e) { // validation errors, mapped to a precise status
      out.onError(GrpcStatus.toException(e));
      return;
    }
    future.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            out.onError(GrpcStatus.toException(failure));
          } else {
            out.onNext(value);
            out.onCompleted();
          }
        });
  }

  @Override
  public void encodeText(EncodeTextRequest request, StreamObserver<EncodeTextResponse> out) {
    CallContext call = CallInterceptor.currentCall();
    unary(
        out,
        () -> {
          ModelHandle model = registry.resolve(request.getModel());
          return embeddings
              .encodeTexts(model, request.getTextsList(), request.getNormalize(), call)
              .thenApply(
                  results -> {
                    EncodeTextResponse.Builder b =
                        EncodeTextResponse.newBuilder().setModel(model.name());
                    for (EmbeddingService.TextResult r : results) {
                      b.addResults(
                          TextEmbedding.newBuilder()
                              .setEmbedding(ProtoMapper.embedding(r.embedding()))
                              .setTruncated(r.truncated())
                              .setTokenCount(r.tokenCount()));
                    }
                    return b.build();
                  });
        });
  }

  @Override
  public void encodeImage(EncodeImageRequest request, StreamObserver<EncodeImageResponse> out) {
    CallContext call = CallInterceptor.currentCall();
    unary(
        out,
        () -> {
          ModelHandle model = registry.resolve(request.getModel());
          return embeddings
              .encodeImages(
                  model,
                  ProtoMapper.images(request.getImagesList(), "images"),
                  request.getNormalize(),
                  call,
                  "images")
              .thenApply(
                  results -> {
                    EncodeImageResponse.Builder b =
                        EncodeImageResponse.newBuilder().setModel(model.name());
                    results.forEach(e -> b.addEmbeddings(ProtoMapper.embedding(e)));
                    return b.build();
                  });
        });
  }

  @Override
  public void classifyImage(
      ClassifyImageRequest request, StreamObserver<ClassifyImageResponse> out) {
    CallContext call = CallInterceptor.currentCall();
    unary(
        out,
        () -> {
          ModelHandle model = registry.resolve(request.getModel());
          ImageInput image =
              request.hasImage() ? ProtoMapper.image(request.getImage(), "image") : null;
          return zeroShot
              .classify(
                  model,
                  image,
                  request.getLabelsList(),
                  request.getTemplatesList(),
                  ProtoMapper.topK(request.getTopK()),
                  call)
              .thenApply(
                  scores -> {
                    ClassifyImageResponse.Builder b =
                        ClassifyImageResponse.newBuilder().setModel(model.name());
                    scores.forEach(s -> b.addLabels(ProtoMapper.labelScore(s)));
                    return b.build();
                  });
        });
  }

  @Override
  public void rank(RankRequest request, StreamObserver<RankResponse> out) {
    CallContext call = CallInterceptor.currentCall();
    unary(
        out,
        () -> {
          ModelHandle model = registry.resolve(request.getModel());
          String queryText =
              request.getQueryCase() == RankRequest.QueryCase.QUERY_TEXT
                  ? request.getQueryText()
                  : null;
          ImageInput queryImage =
              request.getQueryCase() == RankRequest.QueryCase.QUERY_IMAGE
                  ? ProtoMapper.image(request.getQueryImage(), "query_image")
                  : null;
          return ranking
              .rank(
                  model,
                  queryText,
                  queryImage,
                  request.getCandidateTextsList(),
                  ProtoMapper.images(request.getCandidateImagesList(), "candidate_images"),
                  ProtoMapper.topK(request.getTopK()),
                  call)
              .thenApply(
                  ranked -> {
                    RankResponse.Builder b = RankResponse.newBuilder().setModel(model.name());
                    ranked.forEach(
                        r ->
                            b.addResults(
                                RankedCandidate.newBuilder()
                                    .setIndex(r.index())
                                    .setScore(r.score())));
                    return b.build();
                  });
        });
  }

  @Override
  public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> out) {
    unary(
        out,
        () -> {
          String defaultName = registry.defaultName().orElse("");
          ListModelsResponse.Builder b = ListModelsResponse.newBuilder();
          for (ModelHandle m : registry.models()) {
            b.addModels(
                ProtoMapper.modelInfo(
                    m.descriptor(), m.name().equals(defaultName), state.isServing()));
          }
          return CompletableFuture.completedFuture(b.build());
        });
  }

  @Override
  public void getModelMetadata(GetModelMetadataRequest request, StreamObserver<ModelInfo> out) {
    unary(
        out,
        () -> {
          ModelHandle m = registry.resolve(request.getModel());
          boolean isDefault = m.name().equals(registry.defaultName().orElse(""));
          return CompletableFuture.completedFuture(
              ProtoMapper.modelInfo(m.descriptor(), isDefault, state.isServing()));
        });
  }

  @Override
  public StreamObserver<UploadImageRequest> uploadImage(StreamObserver<UploadImageResponse> out) {
    var handler =
        new UploadImageHandler(
            (ServerCallStreamObserver<UploadImageResponse>) out,
            registry,
            embeddings,
            CallInterceptor.currentCall());
    handler.start();
    return handler;
  }

  @Override
  public StreamObserver<EncodeStreamRequest> encodeStream(
      StreamObserver<EncodeStreamResponse> out) {
    var handler =
        new EncodeStreamHandler(
            (ServerCallStreamObserver<EncodeStreamResponse>) out,
            registry,
            embeddings,
            CallInterceptor.currentCall());
    handler.start();
    return handler;
  }

  @Override
  public StreamObserver<TagFramesRequest> tagFrames(StreamObserver<TagFramesResponse> out) {
    var handler =
        new TagFramesHandler(
            (ServerCallStreamObserver<TagFramesResponse>) out,
            registry,
            embeddings,
            zeroShot,
            CallInterceptor.currentCall());
    handler.start();
    return handler;
  }
}
