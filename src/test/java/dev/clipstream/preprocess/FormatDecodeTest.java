package dev.clipstream.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.testing.Oracle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** Every accepted container decodes to the pixels Pillow would see. */
class FormatDecodeTest {
  private static byte[] resource(String name) throws IOException {
    try (InputStream in = FormatDecodeTest.class.getResourceAsStream("/preprocess/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return in.readAllBytes();
    }
  }

  /** The formula used to make the WebP fixtures (see src/test/resources/preprocess/README.md). */
  private static int[] fixturePixel(int x, int y) {
    return new int[] {(x * 37 + y * 11) % 256, (x * 13 + y * 51) % 256, (x * y * 29 + 7) % 256};
  }

  /**
   * A 7x5 image at resolution 5 is not resized (5 * 7 / 5 = 7) and is cropped at left = round(1.0)
   * = 1, so the crop shows source columns 1..5 unchanged.
   */
  private static void assertCropShowsColumnsOneToFive(Rgb8Image crop) {
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        int[] expected = fixturePixel(x + 1, y);
        for (int c = 0; c < 3; c++) {
          assertEquals(expected[c], crop.sample(x, y, c), "pixel " + x + "," + y + " channel " + c);
        }
      }
    }
  }

  @Test
  void losslessWebpDecodesToItsExactPixels() throws Exception {
    ClipPreprocessor p = new ClipPreprocessor(PreprocessOptions.clip(5));
    assertCropShowsColumnsOneToFive(p.crop(resource("lossless_rgb_7x5.webp")));
  }

  @Test
  void webpWithAlphaDropsAlphaWithoutCompositing() throws Exception {
    ClipPreprocessor p = new ClipPreprocessor(PreprocessOptions.clip(5));
    assertCropShowsColumnsOneToFive(p.crop(resource("lossless_rgba_7x5.webp")));
  }

  @Test
  void lossyWebpDecodesCloseToItsSource() throws Exception {
    // 64x48 at resolution 48: no resize, crop left = 8. Source pixel (x, y) = (4x, 5y, 128).
    Rgb8Image crop =
        new ClipPreprocessor(PreprocessOptions.clip(48))
            .crop(resource("lossy_gradient_64x48.webp"));
    double total = 0;
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 48; x++) {
        total += Math.abs(crop.sample(x, y, 0) - 4 * (x + 8));
        total += Math.abs(crop.sample(x, y, 1) - 5 * y);
        total += Math.abs(crop.sample(x, y, 2) - 128);
      }
    }
    double meanError = total / (48 * 48 * 3);
    assertTrue(meanError < 4, "mean absolute error " + meanError);
  }

  @Test
  void bmpOfAnOracleImageGivesTheOracleCrop() throws Exception {
    Path oracle = Oracle.dir();
    String name = "02_rgb_checker_640x480.png";
    BufferedImage source = ImageIO.read(oracle.resolve("images/" + name).toFile());
    byte[] bmp = TestImages.encode(source, "bmp");
    Rgb8Image crop = new ClipPreprocessor(PreprocessOptions.clip(224)).crop(bmp);
    assertArrayEquals(
        PreprocessOracleTest.rgbSamples(oracle.resolve("expected_crops/" + name)), crop.rgb());
  }

  @Test
  void gifOfTheOraclePaletteImageGivesTheOracleCrop() throws Exception {
    // A GIF keeps the palette, so Pillow opens it as mode P and resizes with NEAREST.
    Path oracle = Oracle.dir();
    String name = "09_palette_P_333x251.png";
    BufferedImage source = ImageIO.read(oracle.resolve("images/" + name).toFile());
    byte[] gif = TestImages.encode(source, "gif");
    Rgb8Image crop = new ClipPreprocessor(PreprocessOptions.clip(224)).crop(gif);
    assertArrayEquals(
        PreprocessOracleTest.rgbSamples(oracle.resolve("expected_crops/" + name)), crop.rgb());
  }

  @Test
  void animatedGifUsesItsFirstFrame() throws Exception {
    BufferedImage first = indexed(TestImages.pattern(7, 5));
    BufferedImage second = indexed(TestImages.pattern(7, 5));
    second.getRaster().setSamples(0, 0, 7, 5, 0, new int[35]);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      writer.writeToSequence(new IIOImage(first, null, null), null);
      writer.writeToSequence(new IIOImage(second, null, null), null);
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    Rgb8Image crop = new ClipPreprocessor(PreprocessOptions.clip(5)).crop(bytes.toByteArray());
    BufferedImage expected = first.getSubimage(1, 0, 5, 5);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        int argb = expected.getRGB(x, y); // indexed colour: getRGB is an exact palette lookup
        assertEquals((argb >> 16) & 0xFF, crop.sample(x, y, 0));
        assertEquals((argb >> 8) & 0xFF, crop.sample(x, y, 1));
        assertEquals(argb & 0xFF, crop.sample(x, y, 2));
      }
    }
  }

  @Test
  void sixteenBitRgbPngKeepsTheHighByteLikePillow() throws Exception {
    BufferedImage eight = TestImages.pattern(40, 30);
    java.awt.color.ColorSpace srgb =
        java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB);
    java.awt.image.ComponentColorModel cm =
        new java.awt.image.ComponentColorModel(
            srgb,
            false,
            false,
            java.awt.Transparency.OPAQUE,
            java.awt.image.DataBuffer.TYPE_USHORT);
    java.awt.image.WritableRaster raster = cm.createCompatibleWritableRaster(40, 30);
    int[] pixel = new int[3];
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        eight.getRaster().getPixel(x, y, pixel);
        for (int c = 0; c < 3; c++) {
          pixel[c] = pixel[c] << 8 | ((x * 7 + c) & 0xFF); // low byte must not matter
        }
        raster.setPixel(x, y, pixel);
      }
    }
    byte[] png16 = TestImages.encode(new BufferedImage(cm, raster, false, null), "png");
    byte[] png8 = TestImages.encode(eight, "png");
    ClipPreprocessor p = new ClipPreprocessor(PreprocessOptions.clip(24));
    assertArrayEquals(p.crop(png8).rgb(), p.crop(png16).rgb());
  }

  @Test
  void grayscalePngIsReplicatedFromRasterSamples() throws Exception {
    BufferedImage gray = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < 16; i++) {
      gray.getRaster().setSample(i % 4, i / 4, 0, i * 16);
    }
    Rgb8Image crop =
        new ClipPreprocessor(PreprocessOptions.clip(4)).crop(TestImages.encode(gray, "png"));
    for (int i = 0; i < 16; i++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(i * 16, crop.sample(i % 4, i / 4, c));
      }
    }
  }

  private static BufferedImage indexed(BufferedImage rgb) {
    BufferedImage out =
        new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
    out.getGraphics().drawImage(rgb, 0, 0, null);
    return out;
  }
}
