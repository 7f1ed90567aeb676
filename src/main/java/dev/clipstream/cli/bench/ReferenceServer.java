package dev.clipstream.cli.bench;

import dev.clipstream.api.grpc.v1.ClipServiceGrpc;
import dev.clipstream.api.grpc.v1.Embedding;
import dev.clipstream.api.grpc.v1.EncodeImageRequest;
import dev.clipstream.api.grpc.v1.EncodeImageResponse;
import dev.clipstream.api.grpc.v1.EncodeTextRequest;
import dev.clipstream.api.grpc.v1.EncodeTextResponse;
import dev.clipstream.api.grpc.v1.Image;
import dev.clipstream.api.grpc.v1.ListModelsRequest;
import dev.clipstream.api.grpc.v1.ListModelsResponse;
import dev.clipstream.api.grpc.v1.ModelInfo;
import dev.clipstream.api.grpc.v1.TextEmbedding;
import dev.clipstream.model.ImageEncoder;
import dev.clipstream.model.TextEncoder;
import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.ImageDecodeException;
import dev.clipstream.tokenizer.ClipTokenizer;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The bench's floor for concurrency-1 latency: a plain grpc-java server, written as its examples
 * write one, around the same TensorFlow session, preprocessing and tokenizer as the raw in-process
 * path. A handler decodes, preprocesses or tokenizes, runs the model and replies on grpc-java's
 * default executor; no batching, queues, limits, deadlines, metrics or logs.
 *
 * <p>Measured like the product server (paired with raw calls, each side minus its own model time),
 * it tells what a gRPC round trip costs on this machine around a model call of this size, so the
 * product's added latency splits into the transport's share and the serving layer's own.
 *
 * <p>It serves EncodeImage (one image per call is what the bench sends), EncodeText, ListModels
 * (for warming the call path) and grpc.health.v1; the model's time per call comes back as a {@code
 * server-timing: model;dur=MS} trailer, as from the product server.
 */
final class ReferenceServer implements AutoCloseable {
  private static final Metadata.Key<String> SERVER_TIMING =
      Metadata.Key.of("server-timing", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<AtomicLong> MODEL_NANOS = Context.key("model-nanos");

  private final Server server;

  private ReferenceServer(Server server) {
    this.server = server;
  }

  /**
   * Serves {@code encoders} as model {@code name} on loopback {@code port} (0: any free port).
   *
   * @param images the image tower
   * @param texts the text tower
   */
  static ReferenceServer start(
      int port,
      String name,
      ImageEncoder images,
      TextEncoder texts,
      ClipPreprocessor preprocessor,
      ClipTokenizer tokenizer)
      throws IOException {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .maxInboundMessageSize(64 << 20)
            .addService(
                ServerInterceptors.intercept(
                    new Clip(name, images, texts, preprocessor, tokenizer), new ModelTiming()))
            .addService(new Health())
            .build()
            .start();
    return new ReferenceServer(server);
  }

  int port() {
    return server.getPort();
  }

  /** Blocks until the server is shut down (the {@code bench-reference-server} command). */
  void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination();
  }

  private static final class Clip extends ClipServiceGrpc.ClipServiceImplBase {
    private final String name;
    private final ImageEncoder images;
    private final TextEncoder texts;
    private final ClipPreprocessor preprocessor;
    private final ClipTokenizer tokenizer;

    Clip(
        String name,
        ImageEncoder images,
        TextEncoder texts,
        ClipPreprocessor preprocessor,
        ClipTokenizer tokenizer) {
      this.name = name;
      this.images = images;
      this.texts = texts;
      this.preprocessor = preprocessor;
      this.tokenizer = tokenizer;
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> out) {
      out.onNext(
          ListModelsResponse.newBuilder().addModels(ModelInfo.newBuilder().setName(name)).build());
      out.onCompleted();
    }

    @Override
    public void encodeImage(EncodeImageRequest request, StreamObserver<EncodeImageResponse> out) {
      if (!knownModel(request.getModel(), out)) {
        return;
      }
      int n = request.getImagesCount();
      int pixels = 3 * images.imageResolution() * images.imageResolution();
      float[] batch = new float[n * pixels];
      try {
        for (int i = 0; i < n; i++) {
          Image image = request.getImages(i);
          preprocessor.preprocessInto(image.getEncoded().toByteArray(), batch, i * pixels);
        }
      } catch (ImageDecodeException e) {
        out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
        return;
      }
      float[] embeddings = timed(() -> images.encodeImages(batch, n));
      EncodeImageResponse.Builder response = EncodeImageResponse.newBuilder().setModel(name);
      int dim = images.embedDim();
      for (int i = 0; i < n; i++) {
        response.addEmbeddings(embedding(embeddings, i, dim));
      }
      out.onNext(response.build());
      out.onCompleted();
    }

    @Override
    public void encodeText(EncodeTextRequest request, StreamObserver<EncodeTextResponse> out) {
      if (!knownModel(request.getModel(), out)) {
        return;
      }
      int n = request.getTextsCount();
      int context = texts.contextLength();
      int[] ids = new int[n * context];
      for (int i = 0; i < n; i++) {
        System.arraycopy(tokenizer.encode(request.getTexts(i)).ids(), 0, ids, i * context, context);
      }
      float[] embeddings = timed(() -> texts.encodeTexts(ids, n));
      EncodeTextResponse.Builder response = EncodeTextResponse.newBuilder().setModel(name);
      int dim = texts.embedDim();
      for (int i = 0; i < n; i++) {
        response.addResults(TextEmbedding.newBuilder().setEmbedding(embedding(embeddings, i, dim)));
      }
      out.onNext(response.build());
      out.onCompleted();
    }

    private boolean knownModel(String requested, StreamObserver<?> out) {
      if (requested.isEmpty() || requested.equals(name)) {
        return true;
      }
      out.onError(Status.NOT_FOUND.withDescription("model " + requested).asException());
      return false;
    }

    private static float[] timed(Supplier<float[]> model) {
      long start = System.nanoTime();
      float[] out = model.get();
      MODEL_NANOS.get().set(System.nanoTime() - start);
      return out;
    }

    private static Embedding embedding(float[] all, int index, int dim) {
      Embedding.Builder b = Embedding.newBuilder();
      for (int j = index * dim; j < (index + 1) * dim; j++) {
        b.addValues(all[j]);
      }
      return b.build();
    }
  }

  /** Puts the handler's model time into the {@code server-timing} trailer. */
  private static final class ModelTiming implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      AtomicLong modelNanos = new AtomicLong(-1);
      ServerCall<Q, R> timed =
          new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
              long nanos = modelNanos.get();
              if (nanos >= 0) {
                trailers.put(
                    SERVER_TIMING, String.format(Locale.ROOT, "model;dur=%.3f", nanos / 1e6));
              }
              super.close(status, trailers);
            }
          };
      return Contexts.interceptCall(
          Context.current().withValue(MODEL_NANOS, modelNanos), timed, headers, next);
    }
  }

  /** Started only once the model is loaded, so always SERVING. */
  private static final class Health extends HealthGrpc.HealthImplBase {
    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
      out.onNext(HealthCheckResponse.newBuilder().setStatus(ServingStatus.SERVING).build());
      out.onCompleted();
    }
  }
}
