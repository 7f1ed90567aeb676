package dev.clipstream.export.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads F32 tensors from a safetensors file (the format {@link SafetensorsWriter} writes), for
 * resuming from a checkpoint. Other dtypes are refused with the tensor's name.
 */
public final class SafetensorsReader {
  /** Largest header accepted, so that a corrupt length cannot make us allocate gigabytes. */
  private static final long MAX_HEADER_BYTES = 100L << 20;

  private SafetensorsReader() {}

  public static Map<String, WeightTensor> read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0);
      long headerBytes = len.flip().getLong();
      if (headerBytes <= 0 || headerBytes > MAX_HEADER_BYTES || headerBytes + 8 > ch.size()) {
        throw new IOException(file + ": bad safetensors header length " + headerBytes);
      }
      ByteBuffer head = ByteBuffer.allocate((int) headerBytes);
      readFully(ch, head, 8);
      JsonNode header = new ObjectMapper().readTree(head.array());
      long dataStart = 8 + headerBytes;
      Map<String, WeightTensor> out = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        JsonNode t = e.getValue();
        if (!"F32".equals(t.path("dtype").asText())) {
          throw new IOException(
              file
                  + ": tensor "
                  + e.getKey()
                  + " has dtype "
                  + t.path("dtype").asText()
                  + "; only F32 is supported here");
        }
        long[] shape = new long[t.path("shape").size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = t.path("shape").get(i).asLong();
        }
        long begin = t.path("data_offsets").get(0).asLong();
        long end = t.path("data_offsets").get(1).asLong();
        if (begin < 0 || end < begin || dataStart + end > ch.size() || (end - begin) % 4 != 0) {
          throw new IOException(file + ": tensor " + e.getKey() + " has bad offsets");
        }
        ByteBuffer data = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, data, dataStart + begin);
        float[] values = new float[(int) ((end - begin) / 4)];
        data.flip();
        data.asFloatBuffer().get(values);
        out.put(e.getKey(), new WeightTensor(shape, values));
      }
      return out;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, position + buf.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }
}
