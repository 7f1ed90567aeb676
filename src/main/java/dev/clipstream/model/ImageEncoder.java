package dev.clipstream.model;

/**
 * Port: runs CLIP's image tower. Implementations are thread-safe.
 *
 * <p>Arrays are flat and row-major so that callers can fill one buffer per batch without copies.
 */
public interface ImageEncoder {
  /**
   * Encodes a batch of preprocessed images.
   *
   * @param pixels normalised pixels, {@code [batch, 3, R, R]} row-major, length {@code batch*3*R*R}
   * @param batch number of images, at least 1
   * @return unnormalised embeddings, {@code [batch, embedDim]} row-major
   */
  float[] encodeImages(float[] pixels, int batch);

  /** Side R of the square input image. */
  int imageResolution();

  /** Size D of each returned embedding. */
  int embedDim();
}
