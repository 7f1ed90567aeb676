package dev.clipstream.preprocess;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Builders of small encoded test images. */
final class TestImages {
  private TestImages() {}

  /** An RGB image whose pixels follow a fixed formula. */
  static BufferedImage pattern(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    int[] pixel = new int[3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        pixel[0] = (x * 37 + y * 11) % 256;
        pixel[1] = (x * 13 + y * 51) % 256;
        pixel[2] = (x * y * 29 + 7) % 256;
        image.getRaster().setPixel(x, y, pixel);
      }
    }
    return image;
  }

  static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format, out)) {
      throw new IOException("no writer for " + format);
    }
    return out.toByteArray();
  }

  /** A PNG that has only a signature and an IHDR chunk claiming the given size. */
  static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0);
    ihdr.put((byte) 0).put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    writeChunk(out, "IHDR", ihdr.array());
    writeChunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** The interleaved RGB samples of an RGB image's raster. */
  static byte[] rgbOf(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] rgb = new byte[w * h * 3];
    int[] pixel = new int[3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.getRaster().getPixel(x, y, pixel);
        for (int c = 0; c < 3; c++) {
          rgb[(y * w + x) * 3 + c] = (byte) pixel[c];
        }
      }
    }
    return rgb;
  }
}
