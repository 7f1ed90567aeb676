package dev.clipstream.model;

/** Port: runs CLIP's text tower. Implementations are thread-safe. */
public interface TextEncoder {
  /**
   * Encodes a batch of tokenised texts.
   *
   * @param ids token ids, {@code [batch, contextLength]} row-major, zero-padded
   * @param batch number of texts, at least 1
   * @return unnormalised embeddings, {@code [batch, embedDim]} row-major
   */
  float[] encodeTexts(int[] ids, int batch);

  /** Tokens per text (77 for CLIP). */
  int contextLength();

  /** Size D of each returned embedding. */
  int embedDim();
}
