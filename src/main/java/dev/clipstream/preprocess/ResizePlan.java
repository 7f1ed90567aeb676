package dev.clipstream.preprocess;

/**
 * The geometry of OpenAI CLIP's {@code Resize(R, BICUBIC)} then {@code CenterCrop(R)}, as
 * torchvision computes it: the short side becomes {@code R}, the long side {@code int(R * long /
 * short)} (double division, truncated), and the crop offsets are {@code int(round((size - R) /
 * 2.0))} with Python's round-half-to-even.
 */
record ResizePlan(
    int width, int height, int resizedWidth, int resizedHeight, int left, int top, int resolution) {

  /**
   * The largest resized side we accept. Only the R×R window is ever computed, but a resized side
   * beyond this means an absurd aspect ratio (e.g. 1×40,000,000) that Pillow could not allocate.
   */
  static final int MAX_RESIZED_SIDE = 1 << 24;

  static ResizePlan of(int width, int height, int resolution) throws ImageDecodeException {
    if (width <= 0 || height <= 0) {
      throw new ImageDecodeException(
          ImageDecodeException.Reason.BAD_DIMENSIONS,
          "image dimensions must be positive, got " + width + "x" + height);
    }
    long resizedWidth;
    long resizedHeight;
    if (width <= height) {
      resizedWidth = resolution;
      resizedHeight = (long) ((double) ((long) resolution * height) / width);
    } else {
      resizedWidth = (long) ((double) ((long) resolution * width) / height);
      resizedHeight = resolution;
    }
    if (resizedWidth > MAX_RESIZED_SIDE || resizedHeight > MAX_RESIZED_SIDE) {
      throw new ImageDecodeException(
          ImageDecodeException.Reason.BAD_DIMENSIONS,
          "aspect ratio too extreme: "
              + width
              + "x"
              + height
              + " would be resized to "
              + resizedWidth
              + "x"
              + resizedHeight);
    }
    // Math.rint rounds half to even, exactly like Python's round(); (n - R) / 2.0 is exact.
    int left = (int) Math.rint((resizedWidth - resolution) / 2.0);
    int top = (int) Math.rint((resizedHeight - resolution) / 2.0);
    return new ResizePlan(
        width, height, (int) resizedWidth, (int) resizedHeight, left, top, resolution);
  }

  boolean resizesWidth() {
    return resizedWidth != width;
  }

  boolean resizesHeight() {
    return resizedHeight != height;
  }

  boolean resizes() {
    return resizesWidth() || resizesHeight();
  }
}
