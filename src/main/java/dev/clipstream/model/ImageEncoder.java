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

  /** Writes one image's normalised {@code [3, R, R]} pixels into a batch buffer. */
  @FunctionalInterface
  interface PixelWriter {
    /**
     * Writes image {@code index} of the batch.
     *
     * @param dest buffer of at least {@code offset + 3*R*R} floats
     * @param offset where the image starts
     */
    void writeInto(int index, float[] dest, int offset);
  }

  /**
   * Encodes a batch whose images are written by {@code pixels} straight into the model's input, so
   * that callers need not keep a normalised float copy of every queued image. The default fills one
   * flat array; runtimes override it to write into their native input tensor.
   *
   * @return unnormalised embeddings, {@code [batch, embedDim]} row-major
   */
  default float[] encodeImages(int batch, PixelWriter pixels) {
    int r = imageResolution();
    int perImage = 3 * r * r;
    float[] flat = new float[batch * perImage];
    for (int i = 0; i < batch; i++) {
      pixels.writeInto(i, flat, i * perImage);
    }
    return encodeImages(flat, batch);
  }

  /** Side R of the square input image. */
  int imageResolution();

  /** Size D of each returned embedding. */
  int embedDim();
}
