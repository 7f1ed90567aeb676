package dev.clipstream.preprocess;

/**
 * OpenAI CLIP's {@code Resize(R, BICUBIC), CenterCrop(R), convert("RGB")} on a decoded image, mode
 * by mode as Pillow does it, producing the uint8 R×R crop that {@code ToTensor} would see.
 */
final class CenterCropper {
  private CenterCropper() {}

  static Rgb8Image crop(DecodedImage image, int resolution) throws ImageDecodeException {
    ResizePlan plan = ResizePlan.of(image.width, image.height, resolution);
    byte[] rgb =
        switch (image.mode) {
          case P ->
              PillowModes.paletteToRgb(
                  NearestResampler.resizeCrop(image.samples, plan), image.palette);
          case I16 -> PillowModes.wideToRgb(PillowResampler.resizeCrop32(image.wideSamples, plan));
          case L, RGB ->
              PillowModes.toRgb(
                  PillowResampler.resizeCrop8(
                      image.samples, image.channels, plan, Resamplers.active()),
                  image.channels,
                  image.rgbIndex);
          case LA, RGBA -> cropWithAlpha(image, plan);
        };
    return new Rgb8Image(resolution, resolution, rgb);
  }

  private static byte[] cropWithAlpha(DecodedImage image, ResizePlan plan) {
    if (!plan.resizes()) {
      // Pillow returns an unchanged copy: no premultiply round trip.
      return PillowModes.toRgb(
          PillowResampler.resizeCrop8(image.samples, image.channels, plan, Resamplers.active()),
          image.channels,
          image.rgbIndex);
    }
    // The decoded samples are ours alone, so premultiplying in place is safe.
    PillowModes.premultiply(image.samples, image.channels, image.alphaIndex);
    byte[] cropped =
        PillowResampler.resizeCrop8(image.samples, image.channels, plan, Resamplers.active());
    PillowModes.unpremultiply(cropped, image.channels, image.alphaIndex);
    return PillowModes.toRgb(cropped, image.channels, image.rgbIndex);
  }
}
