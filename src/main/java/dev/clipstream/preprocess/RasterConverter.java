package dev.clipstream.preprocess;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;

/**
 * Turns an ImageIO {@link BufferedImage} into {@link DecodedImage} in the mode Pillow would open
 * the same file in. Reads raster samples, never {@code getRGB()}, which colour-converts grayscale.
 */
final class RasterConverter {
  private RasterConverter() {}

  static DecodedImage convert(BufferedImage image, ImageFormat format, byte[] encoded)
      throws ImageDecodeException {
    ColorModel cm = image.getColorModel();
    if (cm instanceof IndexColorModel icm) {
      return fromIndexed(image.getRaster(), icm, format, encoded);
    }
    if (cm.isAlphaPremultiplied()) {
      image.coerceData(false);
      cm = image.getColorModel();
    }
    int colorComponents = cm.getNumColorComponents();
    int spaceType = cm.getColorSpace().getType();
    boolean gray = colorComponents == 1 && spaceType == ColorSpace.TYPE_GRAY;
    boolean rgb = colorComponents == 3 && spaceType == ColorSpace.TYPE_RGB;
    if (!gray && !rgb) {
      throw new ImageDecodeException(
          ImageDecodeException.Reason.UNSUPPORTED_FORMAT,
          format
              + " with "
              + colorComponents
              + " colour components (colour space type "
              + spaceType
              + ") is not supported; only grayscale and RGB are");
    }
    Raster raster = image.getRaster();
    boolean alpha = cm.hasAlpha();
    int bands = raster.getNumBands();
    int expectedBands = colorComponents + (alpha ? 1 : 0);
    if (bands != expectedBands) {
      throw new ImageDecodeException(
          ImageDecodeException.Reason.UNSUPPORTED_FORMAT,
          format + " raster has " + bands + " bands, expected " + expectedBands);
    }
    int bits = cm.getComponentSize(0);
    int w = raster.getWidth();
    int h = raster.getHeight();
    if (gray && !alpha && bits > 8) {
      return DecodedImage.wide(w, h, readWide(raster));
    }
    SourceMode mode =
        gray ? (alpha ? SourceMode.LA : SourceMode.L) : (alpha ? SourceMode.RGBA : SourceMode.RGB);
    byte[] direct = directBytes(raster);
    if (direct != null) {
      int[] offsets = ((ComponentSampleModel) raster.getSampleModel()).getBandOffsets();
      int[] rgbIndex =
          gray
              ? new int[] {offsets[0], offsets[0], offsets[0]}
              : new int[] {offsets[0], offsets[1], offsets[2]};
      return DecodedImage.interleaved(
          mode, w, h, direct, rgbIndex, alpha ? offsets[bands - 1] : -1);
    }
    byte[] samples = readEightBit(raster, cm);
    int[] rgbIndex = gray ? new int[] {0, 0, 0} : new int[] {0, 1, 2};
    return DecodedImage.interleaved(mode, w, h, samples, rgbIndex, alpha ? bands - 1 : -1);
  }

  /**
   * The raster's own byte array when it is tightly packed interleaved 8-bit data (JPEG, 8-bit PNG
   * and BMP): used in place, without a copy.
   */
  private static byte[] directBytes(Raster raster) {
    SampleModel sm = raster.getSampleModel();
    if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
        || !(sm instanceof ComponentSampleModel csm)
        || buffer.getNumBanks() != 1
        || buffer.getOffset() != 0
        || raster.getSampleModelTranslateX() != 0
        || raster.getSampleModelTranslateY() != 0
        || raster.getParent() != null) {
      return null;
    }
    int bands = raster.getNumBands();
    if (csm.getPixelStride() != bands
        || csm.getScanlineStride() != raster.getWidth() * bands
        || csm.getWidth() != raster.getWidth()
        || csm.getHeight() != raster.getHeight()) {
      return null;
    }
    for (int size : csm.getSampleSize()) {
      if (size != 8) {
        return null;
      }
    }
    for (int bank : csm.getBankIndices()) {
      if (bank != 0) {
        return null;
      }
    }
    byte[] data = buffer.getData();
    return data.length == (long) raster.getWidth() * raster.getHeight() * bands ? data : null;
  }

  /**
   * Samples of any layout scaled to 8 bits as Pillow's unpackers do: 16-bit keeps the high byte,
   * fewer than 8 bits scale by 255 / max with integer division.
   */
  private static byte[] readEightBit(Raster raster, ColorModel cm) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int bands = raster.getNumBands();
    byte[] out = new byte[w * h * bands];
    int[] row = new int[w];
    int x0 = raster.getMinX();
    int y0 = raster.getMinY();
    for (int b = 0; b < bands; b++) {
      int bits = cm.getComponentSize(b);
      int max = (1 << bits) - 1;
      for (int y = 0; y < h; y++) {
        raster.getSamples(x0, y0 + y, w, 1, b, row);
        int o = y * w * bands + b;
        for (int x = 0; x < w; x++, o += bands) {
          int v = row[x];
          if (bits > 8) {
            v >>>= bits - 8;
          } else if (bits < 8) {
            v = v * 255 / max;
          }
          out[o] = (byte) v;
        }
      }
    }
    return out;
  }

  private static int[] readWide(Raster raster) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int[] out = new int[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
      System.arraycopy(row, 0, out, y * w, w);
    }
    return out;
  }

  private static DecodedImage fromIndexed(
      Raster raster, IndexColorModel icm, ImageFormat format, byte[] encoded) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    byte[] indices = new byte[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        indices[y * w + x] = (byte) row[x];
      }
    }
    byte[] palette = pillowPalette(icm);
    if (opensAsGray(icm, format, encoded)) {
      byte[] gray = new byte[indices.length];
      for (int i = 0; i < indices.length; i++) {
        gray[i] = palette[(indices[i] & 0xFF) * 3];
      }
      return DecodedImage.interleaved(SourceMode.L, w, h, gray, new int[] {0, 0, 0}, -1);
    }
    return DecodedImage.palette(w, h, indices, palette);
  }

  /**
   * Pillow opens some indexed files as mode L (bicubic resize) rather than P (nearest): 2- and
   * 4-bit grayscale PNGs, and GIFs and BMPs whose palette is the identity gray ramp.
   */
  private static boolean opensAsGray(IndexColorModel icm, ImageFormat format, byte[] encoded) {
    if (format == ImageFormat.PNG) {
      int bitDepth = ImageFormat.pngBitDepth(encoded);
      return ImageFormat.pngColorType(encoded) == 0 && bitDepth > 1;
    }
    if (format != ImageFormat.GIF && format != ImageFormat.BMP) {
      return false;
    }
    int size = icm.getMapSize();
    if (format == ImageFormat.BMP && size == 2) {
      return false; // Pillow's mode "1": nearest resize, like a palette image
    }
    for (int i = 0; i < size; i++) {
      if (icm.getRed(i) != i || icm.getGreen(i) != i || icm.getBlue(i) != i) {
        return false;
      }
    }
    return true;
  }

  /** 256 RGB entries: the file's palette, then Pillow's default gray ramp for unused indices. */
  private static byte[] pillowPalette(IndexColorModel icm) {
    byte[] palette = new byte[768];
    int size = Math.min(icm.getMapSize(), 256);
    for (int i = 0; i < 256; i++) {
      palette[i * 3] = (byte) (i < size ? icm.getRed(i) : i);
      palette[i * 3 + 1] = (byte) (i < size ? icm.getGreen(i) : i);
      palette[i * 3 + 2] = (byte) (i < size ? icm.getBlue(i) : i);
    }
    return palette;
  }
}
