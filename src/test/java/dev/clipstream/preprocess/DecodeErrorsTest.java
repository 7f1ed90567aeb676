package dev.clipstream.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.preprocess.ImageDecodeException.Reason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bad input is refused with a typed reason and a message that names the problem. */
class DecodeErrorsTest {
  private final ClipPreprocessor preprocessor = new ClipPreprocessor(PreprocessOptions.clip(32));

  private ImageDecodeException refusal(byte[] data) {
    return assertThrows(ImageDecodeException.class, () -> preprocessor.crop(data));
  }

  @Test
  void emptyInputIsRefusedAsEmpty() {
    assertEquals(Reason.EMPTY, refusal(new byte[0]).reason());
    assertEquals(Reason.EMPTY, refusal(null).reason());
  }

  @Test
  void moreBytesThanTheLimitAreRefusedBeforeDecoding() throws Exception {
    byte[] png = TestImages.encode(TestImages.pattern(40, 30), "png");
    ClipPreprocessor strict =
        new ClipPreprocessor(PreprocessOptions.clip(32).withLimits(1_000_000, png.length - 1));
    ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> strict.crop(png));
    assertEquals(Reason.TOO_MANY_BYTES, e.reason());
    assertTrue(e.getMessage().contains(String.valueOf(png.length)), e.getMessage());
  }

  @Test
  void headerClaimingTooManyPixelsIsRefusedWithoutDecoding() {
    // 100000 x 100000 = 10^10 pixels in a 45-byte file: must be refused from the header alone.
    long start = System.nanoTime();
    ImageDecodeException e = refusal(TestImages.pngHeaderOnly(100_000, 100_000));
    assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
    assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    assertTrue(System.nanoTime() - start < 2_000_000_000L, "refusal must not decode");
  }

  @Test
  void pixelLimitIsConfigurable() throws Exception {
    byte[] png = TestImages.encode(TestImages.pattern(40, 30), "png");
    ClipPreprocessor strict =
        new ClipPreprocessor(PreprocessOptions.clip(32).withLimits(40 * 30 - 1, 1 << 20));
    ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> strict.crop(png));
    assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
    assertEquals(32, new ClipPreprocessor(PreprocessOptions.clip(32)).crop(png).width());
  }

  @Test
  void unknownSignatureIsUnsupportedFormat() {
    ImageDecodeException e = refusal("just some text, not an image".getBytes());
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertTrue(e.getMessage().contains("supported: JPEG, PNG, GIF, BMP, WebP"), e.getMessage());
  }

  @Test
  void truncatedJpegIsRefusedAsTruncated() throws Exception {
    byte[] jpeg = TestImages.encode(TestImages.pattern(64, 48), "jpeg");
    ImageDecodeException e = refusal(Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
    assertEquals(Reason.TRUNCATED, e.reason(), e.getMessage());
  }

  @Test
  void truncatedPngIsRefusedAsTruncated() throws Exception {
    byte[] png = TestImages.encode(TestImages.pattern(64, 48), "png");
    ImageDecodeException e = refusal(Arrays.copyOf(png, png.length / 2));
    assertEquals(Reason.TRUNCATED, e.reason(), e.getMessage());
  }

  @Test
  void zeroSizedHeaderIsRefused() {
    ImageDecodeException e = refusal(TestImages.pngHeaderOnly(0, 10));
    assertTrue(
        e.reason() == Reason.BAD_DIMENSIONS || e.reason() == Reason.CORRUPT, e.reason().name());
  }

  @Test
  void signatureWithGarbageAfterItIsRefusedNamingTheFormat() {
    byte[] data = new byte[200];
    Arrays.fill(data, (byte) 0x5A);
    data[0] = (byte) 0xFF;
    data[1] = (byte) 0xD8;
    data[2] = (byte) 0xFF;
    ImageDecodeException e = refusal(data);
    assertTrue(
        e.reason() == Reason.CORRUPT
            || e.reason() == Reason.TRUNCATED
            || e.reason() == Reason.UNSUPPORTED_FORMAT,
        e.reason().name());
    assertTrue(e.getMessage().startsWith("JPEG"), e.getMessage());
  }

  @Test
  void rawRgbOfTheWrongLengthIsBadDimensions() {
    float[] dest = new float[3 * 32 * 32];
    ImageDecodeException e =
        assertThrows(
            ImageDecodeException.class,
            () -> preprocessor.preprocessRgbInto(new byte[10], 2, 2, dest, 0));
    assertEquals(Reason.BAD_DIMENSIONS, e.reason());
    assertTrue(e.getMessage().contains("2x2x3 = 12"), e.getMessage());
  }

  @Test
  void absurdAspectRatioIsBadDimensions() {
    float[] dest = new float[3 * 32 * 32];
    ImageDecodeException e =
        assertThrows(
            ImageDecodeException.class,
            () -> preprocessor.preprocessRgbInto(new byte[3 * 1_000_000], 1_000_000, 1, dest, 0));
    assertEquals(Reason.BAD_DIMENSIONS, e.reason());
  }
}
