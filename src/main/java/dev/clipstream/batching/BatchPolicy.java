package dev.clipstream.batching;

/**
 * The wait-or-dispatch decision, as a pure function of the queue's state and the time. Kept apart
 * from the threads that act on it so that every case can be tested without threads or sleeps.
 */
public final class BatchPolicy {
  private BatchPolicy() {}

  /** What a batch thread should do next. */
  public sealed interface Decision permits Dispatch, WaitFor, WaitForItems {}

  /** Form a batch of {@code size} items from the head of the queue now. */
  public record Dispatch(int size) implements Decision {}

  /** Sleep at most {@code nanos}, then decide again (earlier if an item arrives). */
  public record WaitFor(long nanos) implements Decision {}

  /** The queue is empty: sleep until an item arrives or the scheduler closes. */
  public record WaitForItems() implements Decision {}

  private static final WaitForItems WAIT_FOR_ITEMS = new WaitForItems();

  /**
   * Decides whether to dispatch a batch now or how long to wait.
   *
   * <ul>
   *   <li>empty queue: wait for items (or, when closing, there is nothing to do);
   *   <li>a full batch is queued, or the scheduler is closing: dispatch;
   *   <li>idle model ({@code dispatchIdle}: the scheduler dispatches when idle and no batch is
   *       running): dispatch at once, nothing is gained by waiting on an idle model; unless {@code
   *       itemsPreparing} items are still on their way to the queue (being decoded or tokenised):
   *       then wait for them until the oldest queued item has waited {@code preparingWaitNanos}.
   *       Those items are certain to come, unlike the ones a batch timeout hopes for, and a lone
   *       caller has none, so it still dispatches at once; the scheduler wakes the thread when an
   *       item arrives;
   *   <li>busy model, whose running batch is expected to end within {@code preparingWaitNanos}
   *       ({@code runningEndsInNanos} in {@code (0, preparingWaitNanos]}), with items still being
   *       prepared: wait for that end rather than start a partial batch beside it, until the oldest
   *       item has waited {@code preparingWaitNanos}. The items on their way and those queued then
   *       share one call, where two short calls side by side cost more CPU per item; the batch
   *       thread that finishes takes the queue under the idle rule. With nothing on its way (texts,
   *       tokenised in microseconds), waiting would only delay the same partial batch, and running
   *       beside a long batch (or an overdue one) is what a second batch thread is for, so then:
   *   <li>busy model: dispatch what there is once the oldest item has waited {@code
   *       batchTimeoutNanos}, otherwise wait for the rest of that timeout.
   * </ul>
   *
   * @param queuedItems items in the queue, >= 0
   * @param oldestEnqueuedNanos clock reading when the oldest queued item arrived
   * @param nowNanos the current clock reading
   * @param closing true once the scheduler stopped accepting items: flush without waiting
   * @param itemsPreparing items being prepared for this queue, >= 0 (a racy count is fine: it only
   *     decides whether waiting can pay)
   * @param runningEndsInNanos how long until the first running batch is expected to end (its start
   *     plus the mean batch time, minus now): {@link Long#MAX_VALUE} when none runs or nothing is
   *     known yet, <= 0 when it is overdue
   */
  public static Decision decide(
      int queuedItems,
      long oldestEnqueuedNanos,
      long nowNanos,
      int maxBatchSize,
      long batchTimeoutNanos,
      boolean closing,
      boolean dispatchIdle,
      int itemsPreparing,
      long preparingWaitNanos,
      long runningEndsInNanos) {
    if (queuedItems < 0) {
      throw new IllegalArgumentException("queuedItems must be >= 0, got " + queuedItems);
    }
    if (queuedItems == 0) {
      return WAIT_FOR_ITEMS;
    }
    int size = Math.min(queuedItems, maxBatchSize);
    if (queuedItems >= maxBatchSize || closing) {
      return new Dispatch(size);
    }
    long waited = nowNanos - oldestEnqueuedNanos; // overflow-safe difference of nanoTime readings
    if (dispatchIdle) {
      if (itemsPreparing <= 0 || waited >= preparingWaitNanos) {
        return new Dispatch(size);
      }
      return new WaitFor(preparingWaitNanos - waited);
    }
    if (itemsPreparing > 0
        && runningEndsInNanos > 0
        && runningEndsInNanos <= preparingWaitNanos
        && waited < preparingWaitNanos) {
      return new WaitFor(Math.min(runningEndsInNanos, preparingWaitNanos - waited));
    }
    if (waited >= batchTimeoutNanos) {
      return new Dispatch(size);
    }
    return new WaitFor(batchTimeoutNanos - waited);
  }
}
