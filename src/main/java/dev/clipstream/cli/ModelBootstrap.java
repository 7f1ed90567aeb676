package dev.clipstream.cli;

import dev.clipstream.api.grpc.v1.ClipServiceGrpc;
import dev.clipstream.config.ClipServerConfig;
import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.service.ModelRegistry;
import dev.clipstream.service.ModelWarmup;
import dev.clipstream.service.ServedModel;
import dev.clipstream.service.ServingState;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Brings the server up and down. At startup, grpc.health.v1 says NOT_SERVING while a background
 * thread loads every model, warms each signature up at a few batch sizes and registers it; then
 * SERVING. On shutdown (SIGTERM), new calls get UNAVAILABLE and in-flight calls may finish within
 * {@code clip.drain-grace-period}.
 */
@ApplicationScoped
public class ModelBootstrap {
  private static final Logger LOG = Logger.getLogger(ModelBootstrap.class);
  private static final String SERVICE = ClipServiceGrpc.SERVICE_NAME;

  @Inject ClipServerConfig config;
  @Inject ModelRegistry registry;
  @Inject ServingState state;
  @Inject GrpcHealthStorage health;
  @Inject Instance<ModelSource> sources;

  void onStart(@Observes StartupEvent event) {
    state.onChange(
        phase -> {
          ServingStatus status =
              phase == ServingState.Phase.SERVING
                  ? ServingStatus.SERVING
                  : ServingStatus.NOT_SERVING;
          health.setStatus(GrpcHealthStorage.DEFAULT_SERVICE_NAME, status);
          health.setStatus(SERVICE, status);
        });
    Thread loader = new Thread(this::loadModels, "clip-model-loader");
    loader.setDaemon(true);
    loader.start();
  }

  private void loadModels() {
    try {
      if (!sources.isResolvable()) {
        throw new IllegalStateException("no model source is available");
      }
      List<ServedModel> models = sources.get().loadAll();
      if (models.isEmpty()) {
        throw new IllegalStateException("no model folder found under " + config.models().dir());
      }
      for (ServedModel model : models) {
        long start = System.nanoTime();
        ModelWarmup.warmUp(model, config.models().warmupBatchSizes());
        ModelWarmup.warmUpPreparation(
            model, config.models().warmupImages(), config.models().warmupTexts());
        registry.register(model);
        LOG.infof(
            "model %s ready (warm-up at batch sizes %s, %d images and %d texts took %d ms)",
            model.name(),
            config.models().warmupBatchSizes(),
            config.models().warmupImages(),
            config.models().warmupTexts(),
            (System.nanoTime() - start) / 1_000_000);
      }
      if (registry.defaultName().isEmpty()) {
        throw new IllegalStateException(
            "default model "
                + config.defaultModel().orElse("?")
                + " is not among the loaded models "
                + models.stream().map(ServedModel::name).toList());
      }
      state.markServing();
      LOG.infof(
          "serving %d model(s); default %s; image resize: %s",
          models.size(), registry.defaultName().get(), ClipPreprocessor.resizeImplementation());
    } catch (Exception e) {
      LOG.error("models failed to load; the server stays NOT_SERVING: " + e.getMessage(), e);
    }
  }

  void onStop(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
    int inFlight = state.inFlight();
    LOG.infof(
        "draining: refusing new calls, waiting up to %s for %d in-flight call(s)",
        config.drainGracePeriod(), inFlight);
    boolean drained = state.drain(config.drainGracePeriod());
    if (!drained) {
      LOG.warnf("drain grace period over with %d call(s) still in flight", state.inFlight());
    }
  }
}
