package dev.clipstream.preprocess;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;

/**
 * Read parameters that make the JDK's JPEG reader write its pixels in R, G, B byte order.
 *
 * <p>Why: libjpeg hands the reader RGB scanlines, but the reader's default image is {@code
 * TYPE_3BYTE_BGR}. Copying a scanline into bands in the opposite order takes {@code
 * ByteInterleavedRaster}'s sample-by-sample loop, which a profile of the server under image streams
 * put at a fifth of all preprocessing time; into bands in the same order it is one {@code
 * System.arraycopy} per row. Decoding a 640x480 JPEG went from 1.8–2.9 ms to 1.2–1.6 ms.
 *
 * <p>Only used where that default is {@code TYPE_3BYTE_BGR} (YCbCr and RGB JPEGs): there libjpeg
 * already converts to sRGB and the reader converts nothing more for an sRGB destination, so the
 * pixels are the same bytes in another order. Grayscale, CMYK and other JPEGs, and any other
 * reader, keep the reader's own default.
 */
final class JpegRgbDestination {
  /** The reader whose copy path and colour handling the above was measured and read against. */
  static final String JDK_READER = "com.sun.imageio.plugins.jpeg.JPEGImageReader";

  private static final ColorModel SRGB_BYTES =
      new ComponentColorModel(
          ColorSpace.getInstance(ColorSpace.CS_sRGB),
          false,
          false,
          Transparency.OPAQUE,
          DataBuffer.TYPE_BYTE);

  private static final int[] RGB_BAND_OFFSETS = {0, 1, 2};

  private JpegRgbDestination() {}

  /**
   * Parameters for reading image 0, whose header says it is {@code width} by {@code height}; the
   * destination's pixels go into {@code buffer}'s array when one is given (see {@link
   * DecodeBuffer}), else into a new one.
   */
  static ImageReadParam paramFor(ImageReader reader, int width, int height, DecodeBuffer buffer)
      throws IOException {
    ImageReadParam param = reader.getDefaultReadParam();
    if (!reader.getClass().getName().equals(JDK_READER) || !defaultIsBgr(reader)) {
      return param;
    }
    int length = Math.multiplyExact(Math.multiplyExact(width, height), 3);
    byte[] pixels = buffer != null ? buffer.take(length) : new byte[length];
    WritableRaster raster =
        Raster.createInterleavedRaster(
            new DataBufferByte(pixels, length),
            width,
            height,
            width * 3,
            3,
            RGB_BAND_OFFSETS,
            null);
    param.setDestination(new BufferedImage(SRGB_BYTES, raster, false, null));
    return param;
  }

  private static boolean defaultIsBgr(ImageReader reader) throws IOException {
    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
    return types.hasNext() && types.next().getBufferedImageType() == BufferedImage.TYPE_3BYTE_BGR;
  }
}
