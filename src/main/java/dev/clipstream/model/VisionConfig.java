package dev.clipstream.model;

/**
 * Hyperparameters of CLIP's ViT image tower, as in OpenAI's {@code VisionTransformer}.
 *
 * @param width transformer width (channels per token)
 * @param layers number of residual attention blocks
 * @param heads attention heads; never inferred from shapes when a config says otherwise
 * @param patchSize side of a square patch, in pixels
 * @param imageResolution side of the square input image, in pixels
 * @param mlpWidth hidden width of each block's MLP (4 × width in OpenAI's models)
 */
public record VisionConfig(
    int width, int layers, int heads, int patchSize, int imageResolution, int mlpWidth) {
  public VisionConfig {
    Checks.positive("vision.width", width);
    Checks.positive("vision.layers", layers);
    Checks.positive("vision.heads", heads);
    Checks.positive("vision.patchSize", patchSize);
    Checks.positive("vision.imageResolution", imageResolution);
    Checks.positive("vision.mlpWidth", mlpWidth);
    if (width % heads != 0) {
      throw new IllegalArgumentException(
          "vision.width " + width + " is not divisible by vision.heads " + heads);
    }
    if (imageResolution % patchSize != 0) {
      throw new IllegalArgumentException(
          "vision.imageResolution " + imageResolution + " is not a multiple of patch " + patchSize);
    }
  }

  /** Patches per side: {@code imageResolution / patchSize}. */
  public int grid() {
    return imageResolution / patchSize;
  }

  /** Tokens per image: one class token plus {@code grid²} patches. */
  public int tokens() {
    return grid() * grid() + 1;
  }
}
