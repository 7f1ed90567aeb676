package dev.clipstream.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegEncoderTest {
  @Test
  void encodesAJpegThatDecodesToTheSameSizeAndLowerQualityIsSmaller() throws Exception {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | ((x * y) & 0xff));
      }
    }
    byte[] high = JpegEncoder.encode(image, 95);
    byte[] low = JpegEncoder.encode(image, 10);
    assertEquals((byte) 0xFF, high[0]);
    assertEquals((byte) 0xD8, high[1]); // SOI marker
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(high));
    assertEquals(64, decoded.getWidth());
    assertEquals(48, decoded.getHeight());
    assertTrue(low.length < high.length, low.length + " vs " + high.length);
  }

  @Test
  void qualityOutsideOneToHundredIsRefused() {
    BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    assertThrows(IllegalArgumentException.class, () -> JpegEncoder.encode(image, 0));
    assertThrows(IllegalArgumentException.class, () -> JpegEncoder.encode(image, 101));
  }
}
