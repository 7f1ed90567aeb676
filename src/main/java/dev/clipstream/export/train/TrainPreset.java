package dev.clipstream.export.train;

import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.TextConfig;
import dev.clipstream.model.VisionConfig;
import java.util.Locale;

/** Architectures {@code train} can start from scratch. */
public enum TrainPreset {
  /**
   * The embedded default model: a ViT CLIP small enough to train on two CPU cores in about 20
   * minutes. 64-pixel images in 8-pixel patches (65 tokens), width 64, 3 layers, 2 heads; text
   * width 64, 2 layers, 2 heads, 77 positions; 64-dimensional embeddings.
   */
  SMALL(64, 64, 3, 2, 8, 64, 2, 2, 64),
  /** A very small model for tests: seconds per step on one core. */
  TEST(32, 32, 1, 1, 8, 32, 1, 1, 32);

  private final int resolution;
  private final int visionWidth;
  private final int visionLayers;
  private final int visionHeads;
  private final int patch;
  private final int textWidth;
  private final int textLayers;
  private final int textHeads;
  private final int embedDim;

  TrainPreset(
      int resolution,
      int visionWidth,
      int visionLayers,
      int visionHeads,
      int patch,
      int textWidth,
      int textLayers,
      int textHeads,
      int embedDim) {
    this.resolution = resolution;
    this.visionWidth = visionWidth;
    this.visionLayers = visionLayers;
    this.visionHeads = visionHeads;
    this.patch = patch;
    this.textWidth = textWidth;
    this.textLayers = textLayers;
    this.textHeads = textHeads;
    this.embedDim = embedDim;
  }

  /** The architecture with a tokenizer of {@code vocabSize} tokens and 77 text positions. */
  public ClipConfig config(int vocabSize) {
    return new ClipConfig(
        embedDim,
        new VisionConfig(
            visionWidth, visionLayers, visionHeads, patch, resolution, 4 * visionWidth),
        new TextConfig(textWidth, textLayers, textHeads, 77, vocabSize, 4 * textWidth),
        ClipConfig.DEFAULT_LAYER_NORM_EPS);
  }

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
