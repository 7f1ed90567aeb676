package dev.clipstream.batching;

/** Thrown at once by {@link BatchScheduler#schedule} when the queue holds maxQueuedItems. */
public final class QueueFullException extends BatchingException {
  private final long retryAfterMillis;

  public QueueFullException(String scheduler, int maxQueuedItems, long retryAfterMillis) {
    super(
        "batch queue '"
            + scheduler
            + "' is full ("
            + maxQueuedItems
            + " items); retry in "
            + retryAfterMillis
            + " ms",
        null);
    this.retryAfterMillis = retryAfterMillis;
  }

  /** Estimated time until the queue has room: what is queued, divided by the drain rate. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }
}
