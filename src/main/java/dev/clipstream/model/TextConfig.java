package dev.clipstream.model;

/**
 * Hyperparameters of CLIP's causal text transformer.
 *
 * @param width transformer width
 * @param layers number of residual attention blocks
 * @param heads attention heads
 * @param contextLength tokens per text, including start and end tokens (77 for CLIP)
 * @param vocabSize rows of the token embedding
 * @param mlpWidth hidden width of each block's MLP
 */
public record TextConfig(
    int width, int layers, int heads, int contextLength, int vocabSize, int mlpWidth) {
  public TextConfig {
    Checks.positive("text.width", width);
    Checks.positive("text.layers", layers);
    Checks.positive("text.heads", heads);
    Checks.positive("text.contextLength", contextLength);
    Checks.positive("text.vocabSize", vocabSize);
    Checks.positive("text.mlpWidth", mlpWidth);
    if (width % heads != 0) {
      throw new IllegalArgumentException(
          "text.width " + width + " is not divisible by text.heads " + heads);
    }
  }
}
