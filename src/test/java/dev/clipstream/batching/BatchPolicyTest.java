package dev.clipstream.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clipstream.batching.BatchPolicy.Decision;
import dev.clipstream.batching.BatchPolicy.Dispatch;
import dev.clipstream.batching.BatchPolicy.WaitFor;
import dev.clipstream.batching.BatchPolicy.WaitForItems;
import org.junit.jupiter.api.Test;

class BatchPolicyTest {
  // The policy without idle dispatch, and idle dispatch without a preparing wait.
  private static Decision decide(
      int queued, long oldest, long now, int max, long timeout, boolean closing) {
    return decide(queued, oldest, now, max, timeout, closing, false);
  }

  private static Decision decide(
      int queued, long oldest, long now, int max, long timeout, boolean closing, boolean idle) {
    return decide(queued, oldest, now, max, timeout, closing, idle, 0, 0);
  }

  private static Decision decide(
      int queued,
      long oldest,
      long now,
      int max,
      long timeout,
      boolean closing,
      boolean idle,
      int preparing,
      long preparingWait) {
    return BatchPolicy.decide(
        queued, oldest, now, max, timeout, closing, idle, preparing, preparingWait, NONE_RUNNING);
  }

  /** What the scheduler passes when no batch runs or no batch time is known yet. */
  private static final long NONE_RUNNING = Long.MAX_VALUE;

  private static final int MAX = 8;
  private static final long TIMEOUT = 2_000_000; // 2 ms

  @Test
  void emptyQueueWaitsForItems() {
    assertEquals(new WaitForItems(), decide(0, 0, 123, MAX, TIMEOUT, false));
  }

  @Test
  void emptyClosingQueueAlsoWaitsForItemsSoTheThreadCanExit() {
    assertEquals(new WaitForItems(), decide(0, 0, 123, MAX, TIMEOUT, true));
  }

  @Test
  void fullBatchDispatchesAtOnceWithoutWaitingForTheTimeout() {
    assertEquals(new Dispatch(MAX), decide(MAX, 100, 100, MAX, TIMEOUT, false));
  }

  @Test
  void moreThanAFullBatchDispatchesOnlyMaxBatchSize() {
    assertEquals(new Dispatch(MAX), decide(3 * MAX, 100, 100, MAX, TIMEOUT, false));
  }

  @Test
  void partialBatchWaitsForTheRestOfTheOldestItemsTimeout() {
    assertEquals(
        new WaitFor(TIMEOUT - 500_000), decide(3, 1_000_000, 1_500_000, MAX, TIMEOUT, false));
  }

  @Test
  void partialBatchDispatchesWhenTheOldestItemHasWaitedTheTimeout() {
    assertEquals(new Dispatch(3), decide(3, 1_000, 1_000 + TIMEOUT, MAX, TIMEOUT, false));
  }

  @Test
  void partialBatchDispatchesAfterTheTimeout() {
    assertEquals(new Dispatch(3), decide(3, 1_000, 1_000 + 5 * TIMEOUT, MAX, TIMEOUT, false));
  }

  @Test
  void zeroTimeoutDispatchesAnySingleItemAtOnce() {
    assertEquals(new Dispatch(1), decide(1, 42, 42, MAX, 0, false));
  }

  @Test
  void closingFlushesAPartialBatchWithoutWaiting() {
    assertEquals(new Dispatch(2), decide(2, 100, 100, MAX, TIMEOUT, true));
  }

  @Test
  void clockReadingsThatWrapAroundStillMeasureTheWait() {
    long oldest = Long.MAX_VALUE - 100;
    long now = oldest + 1_000; // wraps to a negative reading, as nanoTime may
    assertEquals(new WaitFor(TIMEOUT - 1_000), decide(1, oldest, now, MAX, TIMEOUT, false));
  }

  @Test
  void negativeQueueSizeIsRejectedWithItsValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> decide(-1, 0, 0, MAX, TIMEOUT, false));
    assertEquals("queuedItems must be >= 0, got -1", e.getMessage());
  }

  @Test
  void idleModelDispatchesAPartialBatchAtOnce() {
    assertEquals(new Dispatch(3), decide(3, 1_000, 1_000, MAX, TIMEOUT, false, true));
    assertEquals(new Dispatch(MAX), decide(3 * MAX, 1_000, 1_000, MAX, TIMEOUT, false, true));
  }

  @Test
  void busyModelStillWaitsForTheTimeout() {
    assertEquals(new WaitFor(TIMEOUT - 500), decide(3, 1_000, 1_500, MAX, TIMEOUT, false, false));
  }

  @Test
  void idleDispatchOnAnEmptyQueueStillWaitsForItems() {
    assertEquals(new WaitForItems(), decide(0, 0, 1, MAX, TIMEOUT, false, true));
  }

  private static final long PREPARING_WAIT = 25_000_000;

  @Test
  void idleModelWaitsForItemsStillBeingPrepared() {
    assertEquals(
        new WaitFor(PREPARING_WAIT - 500),
        decide(1, 1_000, 1_500, MAX, TIMEOUT, false, true, 2, PREPARING_WAIT));
  }

  @Test
  void idleModelWithNothingBeingPreparedStillDispatchesAtOnce() {
    assertEquals(
        new Dispatch(1), decide(1, 1_000, 1_000, MAX, TIMEOUT, false, true, 0, PREPARING_WAIT));
  }

  @Test
  void waitForItemsBeingPreparedIsBoundedFromTheOldestItemsArrival() {
    assertEquals(
        new Dispatch(2),
        decide(2, 1_000, 1_000 + PREPARING_WAIT, MAX, TIMEOUT, false, true, 5, PREPARING_WAIT));
  }

  @Test
  void itemsBeingPreparedDoNotDelayAFullBatchOrAFlush() {
    assertEquals(
        new Dispatch(MAX), decide(MAX, 1_000, 1_000, MAX, TIMEOUT, false, true, 5, PREPARING_WAIT));
    assertEquals(
        new Dispatch(3), decide(3, 1_000, 1_000, MAX, TIMEOUT, true, true, 5, PREPARING_WAIT));
  }

  @Test
  void zeroPreparingWaitKeepsIdleDispatchImmediate() {
    assertEquals(new Dispatch(1), decide(1, 1_000, 1_000, MAX, TIMEOUT, false, true, 5, 0));
  }

  @Test
  void busyModelIgnoresItemsBeingPreparedAndKeepsItsTimeout() {
    assertEquals(
        new WaitFor(TIMEOUT - 500),
        decide(3, 1_000, 1_500, MAX, TIMEOUT, false, false, 5, PREPARING_WAIT));
  }

  // A busy model (not idle) whose running batch is expected to end in `endsIn`, while two items
  // are being prepared.
  private static Decision busy(int queued, long oldest, long now, long endsIn) {
    return BatchPolicy.decide(
        queued, oldest, now, MAX, TIMEOUT, false, false, 2, PREPARING_WAIT, endsIn);
  }

  @Test
  void withNothingBeingPreparedABusyModelKeepsItsTimeoutBesideAShortBatch() {
    assertEquals(
        new Dispatch(3),
        BatchPolicy.decide(
            3, 1_000, 1_000 + TIMEOUT, MAX, TIMEOUT, false, false, 0, PREPARING_WAIT, 3_000_000));
  }

  @Test
  void busyModelWaitsForARunningBatchThatEndsSoonRatherThanRunBesideIt() {
    // the oldest has waited past the batch timeout, but the running batch ends in 3 ms
    assertEquals(new WaitFor(3_000_000), busy(3, 1_000, 1_000 + 2 * TIMEOUT, 3_000_000));
  }

  @Test
  void waitForARunningBatchIsBoundedFromTheOldestItemsArrival() {
    long waited = PREPARING_WAIT - 1_000_000;
    assertEquals(new WaitFor(1_000_000), busy(3, 1_000, 1_000 + waited, 3_000_000));
    assertEquals(new Dispatch(3), busy(3, 1_000, 1_000 + PREPARING_WAIT, 3_000_000));
  }

  @Test
  void busyModelRunsBesideALongOrOverdueBatchAfterTheTimeout() {
    long now = 1_000 + TIMEOUT;
    assertEquals(new Dispatch(3), busy(3, 1_000, now, PREPARING_WAIT + 1));
    assertEquals(new Dispatch(3), busy(3, 1_000, now, 0)); // overdue
    assertEquals(new Dispatch(3), busy(3, 1_000, now, -5_000_000));
    assertEquals(new Dispatch(3), busy(3, 1_000, now, Long.MAX_VALUE)); // no estimate yet
  }

  @Test
  void aFullBatchOrAFlushDoesNotWaitForARunningBatch() {
    assertEquals(new Dispatch(MAX), busy(MAX, 1_000, 1_000, 3_000_000));
    assertEquals(
        new Dispatch(3),
        BatchPolicy.decide(
            3, 1_000, 1_000, MAX, TIMEOUT, true, false, 2, PREPARING_WAIT, 3_000_000));
  }

  @Test
  void zeroPreparingWaitNeverWaitsForARunningBatch() {
    assertEquals(
        new Dispatch(3),
        BatchPolicy.decide(3, 1_000, 1_000 + TIMEOUT, MAX, TIMEOUT, false, false, 2, 0, 1));
  }
}
