package dev.clipstream.batching;

/**
 * Where a run item's time went inside the scheduler, for per-call timing (a {@code server-timing}
 * trailer) where the aggregate metrics cannot say which call waited.
 *
 * @param queueWaitNanos from {@link BatchScheduler#schedule} until its batch started
 * @param executionNanos how long its batch's processor call took (shared by the batch's items)
 * @param batchSize items in its batch
 */
public record ItemTiming(long queueWaitNanos, long executionNanos, int batchSize) {}
