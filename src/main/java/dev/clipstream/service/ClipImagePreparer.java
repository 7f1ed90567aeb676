package dev.clipstream.service;

import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.ImageDecodeException;

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
    try {
      if (image instanceof ImageInput.Encoded encoded) {
        preprocessor.preprocessInto(encoded.bytes(), dest, offset);
      } else if (image instanceof ImageInput.Raw raw) {
        preprocessor.preprocessRgbInto(raw.rgb8(), raw.width(), raw.height(), dest, offset);
      }
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
