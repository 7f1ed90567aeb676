package dev.clipstream.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes float32 arrays as NumPy {@code .npy} files, format version 1.0: the magic {@code
 * \x93NUMPY}, version bytes 1 0, a little-endian uint16 header length, an ASCII dict literal padded
 * with spaces and ended by a newline so the data starts on a 64-byte boundary, then the data
 * little-endian in C order.
 */
final class NpyWriter {
  private static final int ALIGNMENT = 64;
  private static final int PREAMBLE = 10; // magic (6) + version (2) + header length (2)

  private NpyWriter() {}

  /** Writes {@code data} with the given shape as {@code '<f4'}. */
  static void writeFloat32(Path file, float[] data, int... shape) throws IOException {
    long count = 1;
    StringBuilder dims = new StringBuilder();
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape: " + d);
      }
      count *= d;
      dims.append(d).append(", ");
    }
    if (count != data.length) {
      throw new IllegalArgumentException(
          "shape holds " + count + " values but data has " + data.length);
    }
    String shapeText =
        shape.length == 1
            ? "(" + shape[0] + ",)"
            : "(" + dims.substring(0, dims.length() - 2) + ")";
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText + ", }";
    int unpadded = PREAMBLE + dict.length() + 1;
    int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
    String header = dict + " ".repeat(padding) + "\n";
    if (header.length() > 0xFFFF) {
      throw new IllegalArgumentException("shape too long for an NPY 1.0 header");
    }
    ByteBuffer buffer =
        ByteBuffer.allocate(PREAMBLE + header.length() + data.length * 4)
            .order(ByteOrder.LITTLE_ENDIAN);
    buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
    buffer.put((byte) 1).put((byte) 0).putShort((short) header.length());
    buffer.put(header.getBytes(StandardCharsets.US_ASCII));
    buffer.asFloatBuffer().put(data);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(buffer.array());
    }
  }
}
