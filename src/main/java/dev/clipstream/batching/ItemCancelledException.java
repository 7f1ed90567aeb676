package dev.clipstream.batching;

/** The item was cancelled by its caller and removed from the queue (or its result discarded). */
public final class ItemCancelledException extends BatchingException {
  public ItemCancelledException(String scheduler) {
    super("item cancelled by its caller in batch queue '" + scheduler + "'", null);
  }
}
