package dev.clipstream.service;

/**
 * Port: decodes and preprocesses one image into the model's normalised {@code [3, R, R]} input.
 * Thread-safe; CPU-bound, so the service runs it on its worker pool, never on an event loop.
 */
public interface ImagePreparer {
  /**
   * Writes the image's {@code 3*R*R} normalised floats into {@code dest} at {@code offset}.
   *
   * @throws ClipServiceException INVALID_ARGUMENT for undecodable or inconsistent data,
   *     RESOURCE_EXHAUSTED for an image over the byte or pixel limits (no field set: the caller
   *     adds it)
   */
  void prepareInto(ImageInput image, float[] dest, int offset);

  /**
   * Decodes and resizes the image now; what is returned is small and writes the normalised floats
   * later, when the image's batch is formed. The default keeps a float copy; preparers that can
   * keep the uint8 crop instead (a quarter of the memory per queued image) override it.
   *
   * @throws ClipServiceException as {@link #prepareInto}
   */
  default PreparedImage prepare(ImageInput image) {
    int r = resolution();
    float[] pixels = new float[3 * r * r];
    prepareInto(image, pixels, 0);
    return (dest, offset) -> System.arraycopy(pixels, 0, dest, offset, pixels.length);
  }

  /** Side R of the square output. */
  int resolution();
}
