package dev.clipstream.batching;

/**
 * Tuning knobs of one {@link BatchScheduler}, each with its unit in the name.
 *
 * @param maxBatchSize the most items in one batch. Why: bounds the size of one model call, and so
 *     its memory and its latency; CPU throughput stops improving beyond a few dozen items.
 * @param batchTimeoutMicros the longest the oldest queued item waits for a batch to fill before a
 *     partial batch is dispatched. Why: trades latency for throughput; 0 dispatches at once.
 * @param maxQueuedItems the most items waiting (not yet in a running batch). Why: bounds memory and
 *     queueing delay; beyond it {@link BatchScheduler#schedule} rejects at once.
 * @param numBatchThreads batches that may run concurrently. Why: lets a second batch form and run
 *     while the first is still in the model (useful when the model leaves cores idle).
 * @param dispatchWhenIdle when no batch of this scheduler is running, dispatch what is queued at
 *     once instead of waiting for the batch timeout. Why: waiting only pays while the model is busy
 *     (items pile up behind a running batch and form the next one by themselves); on an idle model
 *     it adds the whole timeout to a lone request's latency and buys nothing.
 * @param preparingWaitMicros with {@code dispatchWhenIdle}, the longest the oldest queued item
 *     waits on an idle model while other items are still being prepared for it (decoded,
 *     tokenised), as the scheduler's {@code itemsPreparing} counter reports them. Why: when
 *     preparation is the bottleneck (small models, large images), items reach an idle model one at
 *     a time and would run as batches of one, where the model's per-call overhead dominates;
 *     waiting for the items already on their way forms real batches. A lone caller has nothing on
 *     its way and still dispatches at once. The same bound applies, while items are being prepared,
 *     when a batch runs that is expected (by the mean batch time) to end within it: a partial batch
 *     waits for that end instead of running beside it. Why: two short model calls side by side cost
 *     more CPU per item than one call of both (measured on the tiny model's decode-bound image
 *     tower); overlapping long calls, which leave cores idle, is what extra batch threads are for.
 *     0 disables both waits.
 * @param runIdleBatchOnCaller let {@link BatchScheduler#scheduleOrRunIfIdle} run a lone item's
 *     batch on the thread that schedules it when no batch is running, nothing else is queued and
 *     the policy says to dispatch at once (with {@code dispatchWhenIdle}: nothing is being
 *     prepared), where a batch thread would take that item alone at once anyway. Why: it saves
 *     waking a batch thread, the one thread hand-off a lone call pays beyond the transport's own;
 *     on the 2-core VM the bench runs on, a hand-off after a 100 ms model call costs 0.15-0.4 ms
 *     (bench/README).
 */
public record BatchOptions(
    int maxBatchSize,
    long batchTimeoutMicros,
    int maxQueuedItems,
    int numBatchThreads,
    boolean dispatchWhenIdle,
    long preparingWaitMicros,
    boolean runIdleBatchOnCaller) {

  /** TF Serving's semantics: a partial batch always waits for the timeout. */
  public BatchOptions(
      int maxBatchSize, long batchTimeoutMicros, int maxQueuedItems, int numBatchThreads) {
    this(maxBatchSize, batchTimeoutMicros, maxQueuedItems, numBatchThreads, false, 0, false);
  }

  /** With no wait for items being prepared. */
  public BatchOptions(
      int maxBatchSize,
      long batchTimeoutMicros,
      int maxQueuedItems,
      int numBatchThreads,
      boolean dispatchWhenIdle) {
    this(maxBatchSize, batchTimeoutMicros, maxQueuedItems, numBatchThreads, dispatchWhenIdle, 0);
  }

  /** Batches always run on the batch threads. */
  public BatchOptions(
      int maxBatchSize,
      long batchTimeoutMicros,
      int maxQueuedItems,
      int numBatchThreads,
      boolean dispatchWhenIdle,
      long preparingWaitMicros) {
    this(
        maxBatchSize,
        batchTimeoutMicros,
        maxQueuedItems,
        numBatchThreads,
        dispatchWhenIdle,
        preparingWaitMicros,
        false);
  }

  public BatchOptions {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
    }
    if (batchTimeoutMicros < 0) {
      throw new IllegalArgumentException(
          "batchTimeoutMicros must be >= 0, got " + batchTimeoutMicros);
    }
    if (maxQueuedItems < maxBatchSize) {
      throw new IllegalArgumentException(
          "maxQueuedItems must be >= maxBatchSize (" + maxBatchSize + "), got " + maxQueuedItems);
    }
    if (numBatchThreads < 1) {
      throw new IllegalArgumentException("numBatchThreads must be >= 1, got " + numBatchThreads);
    }
    if (preparingWaitMicros < 0) {
      throw new IllegalArgumentException(
          "preparingWaitMicros must be >= 0, got " + preparingWaitMicros);
    }
  }

  /** The batch timeout in nanoseconds, the unit of every clock reading. */
  public long batchTimeoutNanos() {
    return batchTimeoutMicros * 1_000L;
  }

  /** The wait for items being prepared, in nanoseconds. */
  public long preparingWaitNanos() {
    return preparingWaitMicros * 1_000L;
  }
}
