package dev.clipstream.export.synth;

/**
 * How a scene is drawn. These vary from image to image so that a model trained on them does not
 * depend on one renderer's exact look.
 *
 * @param backgroundRgb first background colour, {@code 0xRRGGBB}
 * @param backgroundRgb2 second gradient colour (gradient backgrounds)
 * @param gradientAngleRadians direction of the gradient
 * @param noiseSigma standard deviation of per-pixel Gaussian noise, in 8-bit levels (0: none)
 * @param antialias draw with anti-aliasing
 * @param supersample draw at this many times the size, then downscale (1: draw at size)
 * @param blurPasses 3×3 box-blur passes after drawing
 * @param jpegQuality re-encode as JPEG at this quality in [1,100], or 0 to skip
 * @param noiseSeed seed of the noise generator
 */
public record RenderStyle(
    int backgroundRgb,
    int backgroundRgb2,
    double gradientAngleRadians,
    double noiseSigma,
    boolean antialias,
    int supersample,
    int blurPasses,
    int jpegQuality,
    long noiseSeed) {
  public RenderStyle {
    if (supersample < 1 || supersample > 4) {
      throw new IllegalArgumentException("supersample must be in [1,4], got " + supersample);
    }
    if (jpegQuality < 0 || jpegQuality > 100) {
      throw new IllegalArgumentException("jpegQuality must be in [0,100], got " + jpegQuality);
    }
  }
}
