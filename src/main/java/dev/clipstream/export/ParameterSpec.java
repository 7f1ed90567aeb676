package dev.clipstream.export;

import java.util.Arrays;

/**
 * One learnable tensor of CLIP: its OpenAI state-dict key and shape.
 *
 * @param key OpenAI checkpoint key, e.g. {@code visual.transformer.resblocks.0.attn.in_proj_weight}
 * @param shape PyTorch shape (row-major, as stored in checkpoints)
 */
public record ParameterSpec(String key, long[] shape) {
  public ParameterSpec {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Rank-1 or rank-0 tensors (biases, LayerNorm, class token, logit scale). */
  public boolean isVectorOrScalar() {
    return shape.length <= 1;
  }

  @Override
  public String toString() {
    return key + Arrays.toString(shape);
  }
}
