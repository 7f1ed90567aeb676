package dev.clipstream.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SyntheticImagesTest {
  @Test
  void theSyntheticJpegDecodesAtItsSize() throws Exception {
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(SyntheticImages.jpeg(64, 48, 1)));
    assertEquals(64, decoded.getWidth());
    assertEquals(48, decoded.getHeight());
  }

  @Test
  void theSameSeedGivesTheSameBytes() {
    assertArrayEquals(SyntheticImages.jpeg(32, 24, 7), SyntheticImages.jpeg(32, 24, 7));
  }
}
