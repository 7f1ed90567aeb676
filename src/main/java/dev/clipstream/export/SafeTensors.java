package dev.clipstream.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code .safetensors} file: an 8-byte little-endian header length N, N bytes of JSON
 * mapping each tensor name to {@code {dtype, shape, data_offsets}}, then the raw little-endian
 * data. Floating tensors (F32, F16, BF16) are returned as float32; each tensor is read on demand,
 * so peak memory is one tensor, not the file.
 */
public final class SafeTensors {
  /** Largest header accepted; real headers are a few hundred KB. */
  static final long MAX_HEADER_BYTES = 100L << 20;

  /** One entry of the header. */
  public record Entry(String name, String dtype, long[] shape, long begin, long end) {
    public long elements() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    public long[] shape() {
      return shape.clone();
    }
  }

  private final Path file;
  private final long dataStart;
  private final Map<String, Entry> entries;

  private SafeTensors(Path file, long dataStart, Map<String, Entry> entries) {
    this.file = file;
    this.dataStart = dataStart;
    this.entries = entries;
  }

  /** Parses the header of {@code file} and checks every entry lies inside the file. */
  public static SafeTensors open(Path file) throws IOException, CheckpointException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new CheckpointException(file + ": not a safetensors file (only " + size + " bytes)");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
        throw new CheckpointException(
            file
                + ": not a safetensors file (header length "
                + headerLen
                + " for a file of "
                + size
                + " bytes)");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLen);
      readFully(ch, header, 8);
      JsonNode root;
      try {
        root = new ObjectMapper().readTree(new String(header.array(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new CheckpointException(file + ": safetensors header is not valid JSON", e);
      }
      if (root == null || !root.isObject()) {
        throw new CheckpointException(file + ": safetensors header is not a JSON object");
      }
      long dataStart = 8 + headerLen;
      long dataSize = size - dataStart;
      Map<String, Entry> entries = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().equals("__metadata__")) {
          continue;
        }
        Entry e = parseEntry(file, f.getKey(), f.getValue());
        if (e.begin < 0 || e.end < e.begin || e.end > dataSize) {
          throw new CheckpointException(
              file
                  + ": tensor '"
                  + e.name
                  + "' data_offsets ["
                  + e.begin
                  + ", "
                  + e.end
                  + "] lie outside the "
                  + dataSize
                  + " data bytes (truncated file?)");
        }
        int width = bytesPerElement(e.dtype);
        if (width > 0 && e.elements() * width != e.end - e.begin) {
          throw new CheckpointException(
              file
                  + ": tensor '"
                  + e.name
                  + "' has shape "
                  + Arrays.toString(e.shape)
                  + " of "
                  + e.dtype
                  + " but "
                  + (e.end - e.begin)
                  + " bytes");
        }
        entries.put(e.name, e);
      }
      return new SafeTensors(file, dataStart, Collections.unmodifiableMap(entries));
    }
  }

  private static Entry parseEntry(Path file, String name, JsonNode node)
      throws CheckpointException {
    JsonNode dtype = node.get("dtype");
    JsonNode shape = node.get("shape");
    JsonNode offsets = node.get("data_offsets");
    if (dtype == null
        || !dtype.isTextual()
        || shape == null
        || !shape.isArray()
        || offsets == null
        || !offsets.isArray()
        || offsets.size() != 2) {
      throw new CheckpointException(
          file + ": tensor '" + name + "' needs dtype, shape and data_offsets in the header");
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      if (!shape.get(i).canConvertToLong() || shape.get(i).asLong() < 0) {
        throw new CheckpointException(file + ": tensor '" + name + "' has a bad shape " + shape);
      }
      dims[i] = shape.get(i).asLong();
    }
    return new Entry(
        name, dtype.asText(), dims, offsets.get(0).asLong(-1), offsets.get(1).asLong(-1));
  }

  /** Bytes per element of a safetensors dtype, or -1 when unknown. */
  static int bytesPerElement(String dtype) {
    return switch (dtype) {
      case "F64", "I64", "U64" -> 8;
      case "F32", "I32", "U32" -> 4;
      case "F16", "BF16", "I16", "U16" -> 2;
      case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
      default -> -1;
    };
  }

  public Path file() {
    return file;
  }

  /** Every tensor in file order, by name. */
  public Map<String, Entry> entries() {
    return entries;
  }

  /** Reads tensor {@code name} as float32 (F32, F16 or BF16 are accepted). */
  public float[] readFloats(String name) throws IOException, CheckpointException {
    Entry e = entries.get(name);
    if (e == null) {
      throw new CheckpointException(file + ": no tensor named '" + name + "'");
    }
    long bytes = e.end - e.begin;
    if (e.elements() > Integer.MAX_VALUE - 8) {
      throw new CheckpointException(
          "tensor '" + name + "' has " + e.elements() + " elements, too many for one array");
    }
    int n = (int) e.elements();
    ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      readFully(ch, buf, dataStart + e.begin);
    }
    buf.flip();
    float[] out = new float[n];
    switch (e.dtype) {
      case "F32" -> buf.asFloatBuffer().get(out);
      case "F16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = halfToFloat(buf.getShort(2 * i));
        }
      }
      case "BF16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((buf.getShort(2 * i) & 0xffff) << 16);
        }
      }
      default ->
          throw new CheckpointException(
              "tensor '"
                  + name
                  + "' has unsupported dtype "
                  + e.dtype
                  + " (supported: F32, F16, BF16)");
    }
    return out;
  }

  /** IEEE 754 binary16 to float32, exact (subnormals, infinities and NaN included). */
  static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += r;
    }
  }
}
