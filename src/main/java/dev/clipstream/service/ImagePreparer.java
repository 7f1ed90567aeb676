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

  /** Side R of the square output. */
  int resolution();
}
