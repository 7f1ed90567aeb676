package dev.clipstream.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code model.json}: what a model folder holds, so that a server or tool can use it without
 * looking inside the SavedModel.
 *
 * @param name model name, e.g. {@code openai-clip-vit-base-patch32}
 * @param version model version, free text (e.g. {@code 1})
 * @param config the full architecture
 * @param embedDim size of both towers' output embeddings
 * @param imageResolution side R of the square {@code pixel_values} input
 * @param contextLength tokens per text in {@code input_ids}
 * @param mean per-channel (RGB) normalisation mean applied before the image tower
 * @param std per-channel (RGB) normalisation std
 * @param logitScale CLIP's raw (log) logit scale; {@code exp(logitScale)} multiplies cosines
 * @param sourceSha256 sha256 of the source weights file, or {@code null} for random weights
 * @param random true when the weights are random (not trained): answers mean nothing
 * @param exporterVersion version of the code that wrote the folder
 */
public record ModelManifest(
    String name,
    String version,
    ClipConfig config,
    int embedDim,
    int imageResolution,
    int contextLength,
    float[] mean,
    float[] std,
    double logitScale,
    String sourceSha256,
    boolean random,
    String exporterVersion) {

  /** File name of the manifest inside a model folder. */
  public static final String FILE_NAME = "model.json";

  /** CLIP's RGB normalisation mean. */
  public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};

  /** CLIP's RGB normalisation std. */
  public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ModelManifest {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank, got " + name);
    }
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(config, "config");
    if (embedDim != config.embedDim()) {
      throw new IllegalArgumentException(
          "embedDim " + embedDim + " != config.embedDim " + config.embedDim());
    }
    if (imageResolution != config.vision().imageResolution()) {
      throw new IllegalArgumentException(
          "imageResolution "
              + imageResolution
              + " != config.vision.imageResolution "
              + config.vision().imageResolution());
    }
    if (contextLength != config.text().contextLength()) {
      throw new IllegalArgumentException(
          "contextLength "
              + contextLength
              + " != config.text.contextLength "
              + config.text().contextLength());
    }
    if (mean == null || mean.length != 3 || std == null || std.length != 3) {
      throw new IllegalArgumentException(
          "mean and std must have 3 values, got "
              + Arrays.toString(mean)
              + " and "
              + Arrays.toString(std));
    }
    mean = mean.clone();
    std = std.clone();
    if (!Double.isFinite(logitScale)) {
      throw new IllegalArgumentException("logitScale must be finite, got " + logitScale);
    }
    Objects.requireNonNull(exporterVersion, "exporterVersion");
  }

  /**
   * A manifest whose derived fields (dims, resolution, context, CLIP mean/std) come from config.
   */
  public static ModelManifest of(
      String name,
      String version,
      ClipConfig config,
      double logitScale,
      String sourceSha256,
      boolean random,
      String exporterVersion) {
    return new ModelManifest(
        name,
        version,
        config,
        config.embedDim(),
        config.vision().imageResolution(),
        config.text().contextLength(),
        CLIP_MEAN,
        CLIP_STD,
        logitScale,
        sourceSha256,
        random,
        exporterVersion);
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  /** Reads {@code model.json} of a model folder. */
  public static ModelManifest read(Path modelDir) throws IOException {
    Path file = modelDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(), null, "not a model folder: " + FILE_NAME + " is missing");
    }
    try {
      return JSON.readValue(file.toFile(), ModelManifest.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException("invalid " + file + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Writes {@code model.json} into a model folder. */
  public void write(Path modelDir) throws IOException {
    JSON.writeValue(modelDir.resolve(FILE_NAME).toFile(), this);
  }

  /** The manifest as JSON text. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelManifest m && toJson().equals(m.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
