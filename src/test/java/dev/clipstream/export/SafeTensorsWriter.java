package dev.clipstream.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helper: writes small safetensors files with raw little-endian payloads. */
final class SafeTensorsWriter {
  record Raw(String dtype, long[] shape, byte[] data) {}

  private final Map<String, Raw> tensors = new LinkedHashMap<>();

  SafeTensorsWriter f32(String name, long[] shape, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    tensors.put(name, new Raw("F32", shape, b.array()));
    return this;
  }

  SafeTensorsWriter raw(String name, String dtype, long[] shape, byte[] data) {
    tensors.put(name, new Raw(dtype, shape, data));
    return this;
  }

  void write(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    long offset = 0;
    for (Map.Entry<String, Raw> e : tensors.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", e.getValue().dtype());
      var shape = t.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      var off = t.putArray("data_offsets");
      off.add(offset);
      offset += e.getValue().data().length;
      off.add(offset);
    }
    byte[] h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    int padded = (h.length + 7) / 8 * 8;
    byte[] hp = new byte[padded];
    java.util.Arrays.fill(hp, (byte) ' ');
    System.arraycopy(h, 0, hp, 0, h.length);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(hp);
      for (Raw r : tensors.values()) {
        out.write(r.data());
      }
    }
  }

  /** Writes every parameter of a weight source under OpenAI names. */
  static void writeAll(Path file, java.util.List<ParameterSpec> specs, WeightSource src)
      throws Exception {
    SafeTensorsWriter w = new SafeTensorsWriter();
    for (ParameterSpec s : specs) {
      w.f32(s.key(), s.shape(), src.read(s));
    }
    w.write(file);
  }
}
