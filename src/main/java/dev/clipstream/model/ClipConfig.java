package dev.clipstream.model;

import java.util.Objects;

/**
 * The whole architecture of a ViT CLIP model.
 *
 * @param embedDim size of the shared embedding space (output of both projections)
 * @param vision image tower
 * @param text text tower
 * @param layerNormEps epsilon of every LayerNorm (1e-5 in CLIP)
 */
public record ClipConfig(int embedDim, VisionConfig vision, TextConfig text, double layerNormEps) {
  public static final double DEFAULT_LAYER_NORM_EPS = 1e-5;

  public ClipConfig {
    Checks.positive("embedDim", embedDim);
    Objects.requireNonNull(vision, "vision");
    Objects.requireNonNull(text, "text");
    if (!(layerNormEps > 0)) {
      throw new IllegalArgumentException("layerNormEps must be > 0, got " + layerNormEps);
    }
  }
}
