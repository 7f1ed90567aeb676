package dev.clipstream.export;

import java.io.IOException;

/**
 * Where the initial value of every CLIP variable comes from: a checkpoint, a random initialisation,
 * an existing model folder or the variables of a trained graph. Keys are OpenAI state-dict keys;
 * values are row-major float32 in PyTorch's layout.
 */
public interface WeightSource {
  /**
   * Returns the values of {@code spec.key()}, checked to have exactly {@code spec.shape()}.
   *
   * @throws CheckpointException when the key is missing (named) or its shape differs (both shown)
   */
  float[] read(ParameterSpec spec) throws IOException, CheckpointException;

  /** A short human description for logs, e.g. {@code checkpoint /x/model.safetensors}. */
  String describe();
}
