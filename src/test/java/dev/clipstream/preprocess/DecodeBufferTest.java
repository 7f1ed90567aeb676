package dev.clipstream.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A thread's JPEG pixel buffer is reused for the next decode of the same size, never held when
 * huge, and crops made through it equal crops of fresh decodes whatever came before.
 */
class DecodeBufferTest {
  private static final long LIMIT = 1L << 30;

  @Test
  void theSameLengthGetsTheHeldArrayAndAnotherLengthReplacesIt() {
    DecodeBuffer buffer = new DecodeBuffer();
    byte[] first = buffer.take(300);
    assertEquals(300, first.length);
    assertSame(first, buffer.take(300));
    byte[] other = buffer.take(120);
    assertEquals(120, other.length);
    assertNotSame(first, other);
    assertSame(other, buffer.take(120), "the last length is the one held");
  }

  @Test
  void anArrayOverTheCapIsNeverHeld() {
    DecodeBuffer buffer = new DecodeBuffer();
    byte[] small = buffer.take(64);
    int huge = DecodeBuffer.MAX_HELD_BYTES + 1;
    byte[] first = buffer.take(huge);
    assertNotSame(first, buffer.take(huge), "a huge image is allocated each time");
    assertSame(small, buffer.take(64), "and the buffer held before it is kept");
  }

  @Test
  void twoJpegsOfOneSizeAreDecodedIntoTheSameArray() throws Exception {
    DecodeBuffer buffer = new DecodeBuffer();
    byte[] a = JpegEncoder.encode(TestImages.pattern(97, 61), 90);
    byte[] b = JpegEncoder.encode(TestImages.pattern(97, 61), 60);
    DecodedImage first = ImageDecoder.decode(a, LIMIT, LIMIT, buffer);
    DecodedImage second = ImageDecoder.decode(b, LIMIT, LIMIT, buffer);
    assertSame(first.samples, second.samples);
  }

  @Test
  void cropsThroughTheThreadsBufferEqualCropsOfFreshDecodesInAnyOrder() throws Exception {
    ClipPreprocessor preprocessor = new ClipPreprocessor(PreprocessOptions.clip(24));
    List<byte[]> jpegs = new ArrayList<>();
    jpegs.add(JpegEncoder.encode(TestImages.pattern(97, 61), 90));
    jpegs.add(SyntheticImages.jpeg(97, 61, 7));
    jpegs.add(JpegEncoder.encode(TestImages.pattern(40, 64), 95));
    jpegs.add(JpegEncoder.encode(TestImages.pattern(97, 61), 50));
    jpegs.add(TestImages.encode(TestImages.pattern(97, 61), "png"));
    for (int round = 0; round < 2; round++) {
      for (byte[] jpeg : jpegs) {
        byte[] fresh = CenterCropper.crop(ImageDecoder.decode(jpeg, LIMIT, LIMIT), 24).rgb();
        assertArrayEquals(fresh, preprocessor.crop(jpeg).rgb());
      }
    }
  }
}
