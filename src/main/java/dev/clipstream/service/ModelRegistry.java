package dev.clipstream.service;

import dev.clipstream.batching.BatchOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * The loaded models by name, each with its batchers, and the default model. Models are added as
 * they finish loading and warming up; requests resolve a name (empty = the default).
 */
public final class ModelRegistry implements AutoCloseable {
  private final Map<String, ModelHandle> models = new ConcurrentSkipListMap<>();
  private final Optional<String> configuredDefault;
  private final BatchOptions imageOptions;
  private final BatchOptions textOptions;
  private final ServingMetrics metrics;

  /**
   * @param configuredDefault the default model's name; empty: the only model, else the first by
   *     name
   */
  public ModelRegistry(
      Optional<String> configuredDefault,
      BatchOptions imageOptions,
      BatchOptions textOptions,
      ServingMetrics metrics) {
    this.configuredDefault = configuredDefault.filter(s -> !s.isBlank());
    this.imageOptions = imageOptions;
    this.textOptions = textOptions;
    this.metrics = metrics;
  }

  /** Adds a loaded model and starts its batchers. */
  public ModelHandle register(ServedModel model) {
    ModelHandle handle = new ModelHandle(model, imageOptions, textOptions, metrics);
    if (models.putIfAbsent(model.name(), handle) != null) {
      handle.shutdown();
      throw new IllegalArgumentException("two models are named '" + model.name() + "'");
    }
    return handle;
  }

  /** The default model's name, or empty when none is loaded. */
  public Optional<String> defaultName() {
    if (configuredDefault.isPresent()) {
      return configuredDefault.filter(models::containsKey);
    }
    return models.keySet().stream().findFirst();
  }

  /**
   * The named model, or the default one for an empty name.
   *
   * @throws ClipServiceException NOT_FOUND naming the model and listing the loaded ones
   */
  public ModelHandle resolve(String name) {
    String wanted = name == null || name.isEmpty() ? defaultName().orElse("") : name;
    ModelHandle handle = models.get(wanted);
    if (handle == null) {
      throw ClipServiceException.notFound(
          "model",
          (wanted.isEmpty() ? "no default model is loaded" : "no model named '" + wanted + "'")
              + "; loaded: "
              + models.keySet());
    }
    return handle;
  }

  /** Every loaded model, by name. */
  public List<ModelHandle> models() {
    return new ArrayList<>(models.values());
  }

  /** Stops the batchers after they ran what is queued. */
  @Override
  public void close() throws InterruptedException {
    models.values().forEach(ModelHandle::shutdown);
    for (ModelHandle handle : models.values()) {
      handle.awaitTermination(30, TimeUnit.SECONDS);
    }
  }
}
