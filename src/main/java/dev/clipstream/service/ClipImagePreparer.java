package dev.clipstream.service;

import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.ImageDecodeException;
import dev.clipstream.preprocess.Rgb8Image;

/**
 * {@link ImagePreparer} over CLIP's Pillow-exact preprocessing. Decode failures become
 * INVALID_ARGUMENT naming the reason; images over the byte or pixel limits RESOURCE_EXHAUSTED.
 */
public final class ClipImagePreparer implements ImagePreparer {
  private final ClipPreprocessor preprocessor;

  public ClipImagePreparer(ClipPreprocessor preprocessor) {
    this.preprocessor = preprocessor;
  }

  @Override
  public void prepareInto(ImageInput image, float[] dest, int offset) {
    preprocessor.normaliseInto(crop(image), dest, offset);
  }

  /** Keeps only the uint8 crop ({@code 3*R*R} bytes) until the image's batch is formed. */
  @Override
  public PreparedImage prepare(ImageInput image) {
    Rgb8Image crop = crop(image);
    return (dest, offset) -> preprocessor.normaliseInto(crop, dest, offset);
  }

  private Rgb8Image crop(ImageInput image) {
    try {
      if (image instanceof ImageInput.Encoded encoded) {
        return preprocessor.crop(encoded.bytes());
      } else if (image instanceof ImageInput.Raw raw) {
        return preprocessor.cropRgb(raw.rgb8(), raw.width(), raw.height());
      }
      throw new IllegalArgumentException("unknown image input " + image);
    } catch (ImageDecodeException e) {
      throw switch (e.reason()) {
        case TOO_MANY_BYTES, TOO_MANY_PIXELS ->
            ClipServiceException.tooLarge(
                null, "image too large (" + e.reason() + "): " + e.getMessage());
        default ->
            ClipServiceException.invalid(
                null, "undecodable image (" + e.reason() + "): " + e.getMessage());
      };
    }
  }

  @Override
  public int resolution() {
    return preprocessor.options().resolution();
  }
}
