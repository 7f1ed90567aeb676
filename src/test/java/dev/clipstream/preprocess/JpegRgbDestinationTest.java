package dev.clipstream.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * JPEGs decoded into an RGB-ordered destination hold exactly the samples ImageIO's default read
 * gives, whatever the JPEG's coding; JPEGs whose default is not BGR keep the default.
 */
class JpegRgbDestinationTest {
  private static final long LIMIT = 1L << 30;

  @Test
  void baselineColourJpegIsReadInRgbOrderWithTheDefaultReadsSamples() throws Exception {
    byte[] jpeg = JpegEncoder.encode(TestImages.pattern(97, 61), 90);
    DecodedImage decoded = ImageDecoder.decode(jpeg, LIMIT, LIMIT);
    assertArrayEquals(new int[] {0, 1, 2}, decoded.rgbIndex);
    assertSameSamplesAsDefaultRead(jpeg, decoded);
  }

  @Test
  void progressiveColourJpegGivesTheDefaultReadsSamples() throws Exception {
    byte[] jpeg = write(new IIOImage(TestImages.pattern(130, 77), null, null), true);
    DecodedImage decoded = ImageDecoder.decode(jpeg, LIMIT, LIMIT);
    assertArrayEquals(new int[] {0, 1, 2}, decoded.rgbIndex);
    assertSameSamplesAsDefaultRead(jpeg, decoded);
  }

  @Test
  void grayscaleJpegKeepsTheReadersDefaultAndStaysOneChannel() throws Exception {
    BufferedImage gray = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < 40 * 30; i++) {
      gray.getRaster().setSample(i % 40, i / 40, 0, (i * 7) % 256);
    }
    byte[] jpeg = JpegEncoder.encode(gray, 95);
    DecodedImage decoded = ImageDecoder.decode(jpeg, LIMIT, LIMIT);
    assertEquals(SourceMode.L, decoded.mode);
    assertSameSamplesAsDefaultRead(jpeg, decoded);
  }

  @Test
  void fourComponentJpegIsStillRefusedAsUnsupported() throws Exception {
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 40, 30, 4, null);
    for (int i = 0; i < 40 * 30 * 4; i++) {
      cmyk.setSample(i / 4 % 40, i / 160, i % 4, (i * 11) % 256);
    }
    byte[] jpeg = write(new IIOImage(cmyk, null, null), false);
    ImageDecodeException e =
        assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(jpeg, LIMIT, LIMIT));
    assertEquals(ImageDecodeException.Reason.UNSUPPORTED_FORMAT, e.reason());
  }

  /** Every pixel's R, G and B (or L) equal the default {@code ImageIO.read} raster's bands. */
  private static void assertSameSamplesAsDefaultRead(byte[] jpeg, DecodedImage decoded)
      throws Exception {
    Raster reference = ImageIO.read(new ByteArrayInputStream(jpeg)).getRaster();
    assertEquals(reference.getWidth(), decoded.width);
    assertEquals(reference.getHeight(), decoded.height);
    int bands = reference.getNumBands();
    for (int y = 0; y < decoded.height; y++) {
      for (int x = 0; x < decoded.width; x++) {
        int pixel = (y * decoded.width + x) * decoded.channels;
        for (int b = 0; b < bands; b++) {
          int sample = decoded.samples[pixel + decoded.rgbIndex[b]] & 0xff;
          assertEquals(reference.getSample(x, y, b), sample, "pixel " + x + "," + y + " band " + b);
        }
      }
    }
  }

  /** JPEG bytes of an image or raster, progressive or baseline, at the writer's defaults. */
  private static byte[] write(IIOImage image, boolean progressive) throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      writer.write(null, image, param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
