package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChunkAssemblerTest {
  @Test
  void contiguousChunksReassembleTheImage() {
    var a = new ChunkAssembler("chunk", 5, 100);
    assertFalse(a.append(0, new byte[] {1, 2}, 5));
    assertTrue(a.append(2, new byte[] {3, 4, 5}, 0));
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, a.bytes());
  }

  @Test
  void chunkOutOfOrderIsInvalidNamingTheOffset() {
    var a = new ChunkAssembler("chunk", 5, 100);
    a.append(0, new byte[] {1, 2}, 5);
    var e = assertThrows(ClipServiceException.class, () -> a.append(3, new byte[] {4}, 0));
    assertEquals("chunk.offset: chunk out of order: offset 3, expected 2", e.getMessage());
  }

  @Test
  void declaredSizeOverTheLimitIsRefusedBeforeBuffering() {
    var e = assertThrows(ClipServiceException.class, () -> new ChunkAssembler("m", 1L << 40, 100));
    assertEquals(ClipServiceException.Kind.RESOURCE_EXHAUSTED, e.kind());
    assertEquals("m.total_size_bytes", e.field());
  }

  @Test
  void bytesPastTheDeclaredSizeAreInvalid() {
    var a = new ChunkAssembler("chunk", 2, 100);
    var e = assertThrows(ClipServiceException.class, () -> a.append(0, new byte[] {1, 2, 3}, 0));
    assertEquals("chunk.data", e.field());
  }

  @Test
  void incompleteImageIsInvalid() {
    var a = new ChunkAssembler("chunk", 2, 100);
    a.append(0, new byte[] {1}, 2);
    assertEquals(
        ClipServiceException.Kind.INVALID_ARGUMENT,
        assertThrows(ClipServiceException.class, a::bytes).kind());
  }

  @Test
  void zeroDeclaredSizeIsInvalid() {
    var e = assertThrows(ClipServiceException.class, () -> new ChunkAssembler("c", 0, 100));
    assertEquals("c.total_size_bytes", e.field());
  }
}
