package dev.clipstream.preprocess;

import dev.clipstream.preprocess.ImageDecodeException.Reason;
import java.util.Objects;

/**
 * OpenAI CLIP's image preprocessing, bit-exact to {@code clip._transform(R)} on Pillow: decode,
 * {@code Resize(R, BICUBIC)} (Pillow's antialiased fixed-point bicubic, mode by mode), {@code
 * CenterCrop(R)}, {@code convert("RGB")}, {@code ToTensor}, {@code Normalize(mean, std)}.
 *
 * <p>Thread-safe and stateless: one instance serves any number of threads.
 */
public final class ClipPreprocessor {
  private final PreprocessOptions options;
  private final Normalizer normalizer;

  public ClipPreprocessor(PreprocessOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.normalizer = new Normalizer(options.mean(), options.std());
  }

  /**
   * How the resize runs in this JVM: on SIMD lanes or scalar, and why (both give the same bytes).
   * For the server's startup log and benchmark results.
   */
  public static String resizeImplementation() {
    return Resamplers.active().description();
  }

  public PreprocessOptions options() {
    return options;
  }

  /** The normalised [3, R, R] tensor (C, H, W) of an encoded image. */
  public float[] preprocess(byte[] encodedImage) throws ImageDecodeException {
    float[] dest = new float[options.tensorLength()];
    preprocessInto(encodedImage, dest, 0);
    return dest;
  }

  /** Writes the normalised [3, R, R] tensor of an encoded image into {@code dest} at offset. */
  public void preprocessInto(byte[] encodedImage, float[] dest, int offset)
      throws ImageDecodeException {
    checkDestination(dest, offset);
    normalizer.writeChw(crop(encodedImage), dest, offset);
  }

  /**
   * Writes the normalised tensor of raw interleaved RGB8 pixels (treated as Pillow mode RGB) into
   * {@code dest} at offset. The pixels are not modified.
   */
  public void preprocessRgbInto(byte[] rgb8, int width, int height, float[] dest, int offset)
      throws ImageDecodeException {
    checkDestination(dest, offset);
    normalizer.writeChw(cropRgb(rgb8, width, height), dest, offset);
  }

  /**
   * The uint8 R×R RGB crop of raw interleaved RGB8 pixels (treated as Pillow mode RGB); the pixels
   * are not modified.
   */
  public Rgb8Image cropRgb(byte[] rgb8, int width, int height) throws ImageDecodeException {
    if (rgb8 == null || rgb8.length == 0) {
      throw new ImageDecodeException(Reason.EMPTY, "RGB8 pixel buffer is empty");
    }
    if (width <= 0 || height <= 0) {
      throw new ImageDecodeException(
          Reason.BAD_DIMENSIONS, "RGB8 image size must be positive, got " + width + "x" + height);
    }
    long pixels = (long) width * height;
    if (pixels > options.maxPixels()) {
      throw new ImageDecodeException(
          Reason.TOO_MANY_PIXELS,
          "RGB8 image is "
              + width
              + "x"
              + height
              + " = "
              + pixels
              + " pixels, more than the limit of "
              + options.maxPixels());
    }
    if (rgb8.length != pixels * 3) {
      throw new ImageDecodeException(
          Reason.BAD_DIMENSIONS,
          "RGB8 buffer has "
              + rgb8.length
              + " bytes but "
              + width
              + "x"
              + height
              + "x3 = "
              + pixels * 3
              + " are needed");
    }
    DecodedImage image =
        DecodedImage.interleaved(SourceMode.RGB, width, height, rgb8, new int[] {0, 1, 2}, -1);
    return CenterCropper.crop(image, options.resolution());
  }

  /**
   * Writes the normalised [3, R, R] tensor of a crop made by {@link #crop} or {@link #cropRgb}.
   * Servers queue the uint8 crop (a quarter of the floats' size) and normalise it only when its
   * batch is formed.
   */
  public void normaliseInto(Rgb8Image crop, float[] dest, int offset) {
    checkDestination(dest, offset);
    if (crop.width() != options.resolution() || crop.height() != options.resolution()) {
      throw new IllegalArgumentException(
          "crop is "
              + crop.width()
              + "x"
              + crop.height()
              + ", expected "
              + options.resolution()
              + "x"
              + options.resolution());
    }
    normalizer.writeChw(crop, dest, offset);
  }

  /**
   * The uint8 R×R RGB crop of an encoded image, just before {@code ToTensor}. A JPEG is decoded
   * into the calling thread's {@link DecodeBuffer}: the crop is a new array, so the decoded pixels
   * are not needed once it returns.
   */
  public Rgb8Image crop(byte[] encodedImage) throws ImageDecodeException {
    DecodedImage image =
        ImageDecoder.decode(
            encodedImage, options.maxPixels(), options.maxBytes(), DecodeBuffer.ofThisThread());
    try {
      return CenterCropper.crop(image, options.resolution());
    } catch (OutOfMemoryError e) {
      throw new ImageDecodeException(
          Reason.TOO_MANY_PIXELS,
          "not enough memory to resize a " + image.width + "x" + image.height + " image",
          e);
    }
  }

  private void checkDestination(float[] dest, int offset) {
    Objects.requireNonNull(dest, "dest");
    if (offset < 0 || (long) offset + options.tensorLength() > dest.length) {
      throw new IllegalArgumentException(
          "dest of length "
              + dest.length
              + " cannot hold "
              + options.tensorLength()
              + " floats from offset "
              + offset);
    }
  }
}
