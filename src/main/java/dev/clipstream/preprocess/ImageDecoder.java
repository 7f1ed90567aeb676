package dev.clipstream.preprocess;

import dev.clipstream.preprocess.ImageDecodeException.Reason;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Decodes JPEG, PNG, GIF (first frame), BMP and WebP with ImageIO, enforcing the byte and pixel
 * limits before any pixel is decoded, and mapping every failure (including the unchecked exceptions
 * and memory errors ImageIO readers throw on malformed input) to an {@link ImageDecodeException}.
 */
final class ImageDecoder {
  static {
    // Never spill decoder caches to temporary files: inputs are in memory already.
    ImageIO.setUseCache(false);
  }

  private ImageDecoder() {}

  static DecodedImage decode(byte[] data, long maxPixels, long maxBytes)
      throws ImageDecodeException {
    return decode(data, maxPixels, maxBytes, null);
  }

  /**
   * As {@link #decode(byte[], long, long)}; a JPEG's pixels go into {@code buffer}'s array when one
   * is given, so the result is only valid until the thread's next decode with it.
   */
  static DecodedImage decode(byte[] data, long maxPixels, long maxBytes, DecodeBuffer buffer)
      throws ImageDecodeException {
    if (data == null || data.length == 0) {
      throw new ImageDecodeException(Reason.EMPTY, "image is empty (0 bytes)");
    }
    if (data.length > maxBytes) {
      throw new ImageDecodeException(
          Reason.TOO_MANY_BYTES,
          "image has " + data.length + " bytes, more than the limit of " + maxBytes);
    }
    ImageFormat format = ImageFormat.sniff(data);
    if (format == null) {
      throw new ImageDecodeException(
          Reason.UNSUPPORTED_FORMAT,
          "unrecognised image format (first bytes "
              + ImageFormat.signature(data)
              + "); supported: JPEG, PNG, GIF, BMP, WebP");
    }
    ImageReader reader = readerFor(format);
    TruncationListener warnings = new TruncationListener();
    try {
      reader.setInput(new ByteArrayImageInputStream(data), true, true);
      reader.addIIOReadWarningListener(warnings);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      checkDimensions(format, width, height, maxPixels);
      ImageReadParam param =
          format == ImageFormat.JPEG
              ? JpegRgbDestination.paramFor(reader, width, height, buffer)
              : reader.getDefaultReadParam();
      BufferedImage image = reader.read(0, param);
      if (warnings.truncated != null) {
        throw new ImageDecodeException(
            Reason.TRUNCATED, format + " data is truncated: " + warnings.truncated);
      }
      if (image.getWidth() != width || image.getHeight() != height) {
        throw new ImageDecodeException(
            Reason.CORRUPT,
            format
                + " decoded to "
                + image.getWidth()
                + "x"
                + image.getHeight()
                + " but its header says "
                + width
                + "x"
                + height);
      }
      return RasterConverter.convert(image, format, data);
    } catch (IOException e) {
      throw fromIoException(format, e);
    } catch (ByteArrayImageInputStream.PastEndOfDataException e) {
      throw new ImageDecodeException(
          Reason.TRUNCATED, format + " data is truncated: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ImageDecodeException(
          Reason.CORRUPT, format + " data is malformed: the decoder failed with " + describe(e), e);
    } catch (OutOfMemoryError e) {
      throw new ImageDecodeException(
          Reason.CORRUPT,
          format + " data is malformed: decoding it needed more memory than is available",
          e);
    } catch (StackOverflowError e) {
      throw new ImageDecodeException(
          Reason.CORRUPT, format + " data is malformed: the decoder recursed too deeply", e);
    } finally {
      reader.dispose();
    }
  }

  private static void checkDimensions(ImageFormat format, int width, int height, long maxPixels)
      throws ImageDecodeException {
    if (width <= 0 || height <= 0) {
      throw new ImageDecodeException(
          Reason.BAD_DIMENSIONS, format + " header gives a size of " + width + "x" + height);
    }
    long pixels = (long) width * height;
    if (pixels > maxPixels) {
      throw new ImageDecodeException(
          Reason.TOO_MANY_PIXELS,
          format
              + " image is "
              + width
              + "x"
              + height
              + " = "
              + pixels
              + " pixels, more than the limit of "
              + maxPixels);
    }
  }

  private static ImageReader readerFor(ImageFormat format) throws ImageDecodeException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName);
    if (!readers.hasNext()) {
      // Plugins on a class loader ImageIO has not scanned yet (e.g. TwelveMonkeys WebP in a
      // packaged application): scan once more before giving up.
      ImageIO.scanForPlugins();
      readers = ImageIO.getImageReadersByFormatName(format.readerName);
    }
    if (!readers.hasNext()) {
      throw new ImageDecodeException(
          Reason.UNSUPPORTED_FORMAT, "no ImageIO reader for " + format + " is installed");
    }
    return readers.next();
  }

  private static ImageDecodeException fromIoException(ImageFormat format, IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) {
        return new ImageDecodeException(
            Reason.TRUNCATED, format + " data is truncated: " + describe(t), e);
      }
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (message.contains("unsupported")) {
      return new ImageDecodeException(
          Reason.UNSUPPORTED_FORMAT, format + " variant not supported: " + describe(e), e);
    }
    return new ImageDecodeException(Reason.CORRUPT, format + " data is corrupt: " + describe(e), e);
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    String text = t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    Throwable cause = t.getCause();
    if (cause != null && cause != t && cause.getMessage() != null) {
      text += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  /**
   * Records libjpeg's "premature end of file" warning: the JDK decoder fills the missing part with
   * gray and returns, where Pillow refuses the file as truncated.
   */
  private static final class TruncationListener implements IIOReadWarningListener {
    private String truncated;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      String lower = String.valueOf(warning).toLowerCase(java.util.Locale.ROOT);
      if (truncated == null && (lower.contains("premature end") || lower.contains("truncated"))) {
        truncated = warning;
      }
    }
  }
}
