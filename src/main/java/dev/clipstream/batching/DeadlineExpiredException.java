package dev.clipstream.batching;

/** The item's deadline passed while it was queued, so it was dropped without running. */
public final class DeadlineExpiredException extends BatchingException {
  public DeadlineExpiredException(String scheduler, long queuedNanos) {
    super(
        "deadline passed after "
            + queuedNanos / 1_000L
            + " µs in batch queue '"
            + scheduler
            + "'; the item was not run",
        null);
  }
}
