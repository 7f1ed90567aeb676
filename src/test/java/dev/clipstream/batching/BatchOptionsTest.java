package dev.clipstream.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BatchOptionsTest {
  @Test
  void timeoutIsConvertedToNanos() {
    assertEquals(2_500_000, new BatchOptions(8, 2_500, 64, 1).batchTimeoutNanos());
    assertEquals(25_000_000, new BatchOptions(8, 1, 64, 1, true, 25_000).preparingWaitNanos());
  }

  @Test
  void timeoutOnlyConstructorsDoNotWaitForItemsBeingPrepared() {
    assertEquals(0, new BatchOptions(8, 1, 64, 1).preparingWaitMicros());
    assertEquals(0, new BatchOptions(8, 1, 64, 1, true).preparingWaitMicros());
  }

  @Test
  void eachBadValueIsNamedInTheMessage() {
    assertEquals(
        "maxBatchSize must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new BatchOptions(0, 1, 64, 1))
            .getMessage());
    assertEquals(
        "batchTimeoutMicros must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> new BatchOptions(8, -1, 64, 1))
            .getMessage());
    assertEquals(
        "maxQueuedItems must be >= maxBatchSize (8), got 4",
        assertThrows(IllegalArgumentException.class, () -> new BatchOptions(8, 1, 4, 1))
            .getMessage());
    assertEquals(
        "numBatchThreads must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new BatchOptions(8, 1, 64, 0))
            .getMessage());
    assertEquals(
        "preparingWaitMicros must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> new BatchOptions(8, 1, 64, 1, true, -1))
            .getMessage());
  }
}
