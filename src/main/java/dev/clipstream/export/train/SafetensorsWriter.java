package dev.clipstream.export.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes F32 tensors in the safetensors format: u64 little-endian header length, a JSON header
 * (sorted names, contiguous offsets, padded with spaces to 8 bytes), then the raw data.
 */
public final class SafetensorsWriter {
  private SafetensorsWriter() {}

  public static void write(Path file, Map<String, WeightTensor> tensors) throws IOException {
    Map<String, WeightTensor> sorted = new TreeMap<>(tensors);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("__metadata__", Map.of("format", "pt"));
    long offset = 0;
    for (Map.Entry<String, WeightTensor> e : sorted.entrySet()) {
      long bytes = 4L * e.getValue().size();
      header.put(
          e.getKey(),
          Map.of(
              "dtype",
              "F32",
              "shape",
              e.getValue().shape(),
              "data_offsets",
              new long[] {offset, offset + bytes}));
      offset += bytes;
    }
    byte[] json = new ObjectMapper().writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    byte[] head = new byte[padded];
    java.util.Arrays.fill(head, (byte) ' ');
    System.arraycopy(json, 0, head, 0, json.length);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(head);
      for (WeightTensor t : sorted.values()) {
        ByteBuffer buf = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(t.data());
        out.write(buf.array());
      }
    }
    assert new String(json, StandardCharsets.UTF_8).startsWith("{");
  }
}
