package dev.clipstream.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  @Test
  void readsF32TensorsWithShapes() throws Exception {
    Path f = dir.resolve("a.safetensors");
    new SafeTensorsWriter().f32("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6}).write(f);
    SafeTensors st = SafeTensors.open(f);
    assertArrayEquals(new long[] {2, 3}, st.entries().get("w").shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, -6}, st.readFloats("w"));
  }

  @Test
  void convertsF16AndBf16ToFloat32Exactly() throws Exception {
    // F16: 1.0 = 0x3C00, -2.5 = 0xC100, 65504 = 0x7BFF, smallest subnormal 2^-24 = 0x0001.
    short[] f16 = {0x3C00, (short) 0xC100, 0x7BFF, 0x0001};
    // BF16: the upper 16 bits of float32.
    float[] bfValues = {1.0f, -2.5f, 3.140625f, 1e-3f};
    ByteBuffer a = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : f16) {
      a.putShort(s);
    }
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : bfValues) {
      b.putShort((short) (Float.floatToIntBits(v) >>> 16));
    }
    Path f = dir.resolve("h.safetensors");
    new SafeTensorsWriter()
        .raw("half", "F16", new long[] {4}, a.array())
        .raw("brain", "BF16", new long[] {4}, b.array())
        .write(f);
    SafeTensors st = SafeTensors.open(f);
    assertArrayEquals(new float[] {1f, -2.5f, 65504f, 0x1p-24f}, st.readFloats("half"));
    float[] bf = st.readFloats("brain");
    for (int i = 0; i < 4; i++) {
      assertEquals(Float.intBitsToFloat(Float.floatToIntBits(bfValues[i]) & 0xffff0000), bf[i]);
    }
  }

  @Test
  void unsupportedDtypeIsNamedWithTheKey() throws Exception {
    Path f = dir.resolve("i.safetensors");
    new SafeTensorsWriter().raw("ids", "I64", new long[] {1}, new byte[8]).write(f);
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> SafeTensors.open(f).readFloats("ids"));
    assertTrue(e.getMessage().contains("'ids'") && e.getMessage().contains("I64"), e.getMessage());
  }

  @Test
  void truncatedFileIsRejectedWithTheTensorName() throws Exception {
    Path f = dir.resolve("t.safetensors");
    new SafeTensorsWriter().f32("big", new long[] {100}, new float[100]).write(f);
    byte[] all = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(all, all.length - 10));
    CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.open(f));
    assertTrue(
        e.getMessage().contains("'big'") && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void garbageIsNotASafetensorsFile() throws Exception {
    Path f = dir.resolve("g.safetensors");
    Files.write(f, "this is not a checkpoint at all".getBytes());
    CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.open(f));
    assertTrue(e.getMessage().contains("not a safetensors file"), e.getMessage());
  }

  @Test
  void sizeThatDisagreesWithShapeIsRejected() throws Exception {
    Path f = dir.resolve("s.safetensors");
    new SafeTensorsWriter().raw("w", "F32", new long[] {3}, new byte[8]).write(f);
    CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.open(f));
    assertTrue(e.getMessage().contains("'w'"), e.getMessage());
  }
}
