package dev.clipstream.batching;

/** Observes a scheduler, e.g. for metrics. Callbacks run on scheduler threads and must be quick. */
public interface BatchListener {
  /** A no-op listener. */
  BatchListener NONE = new BatchListener() {};

  /** A batch of {@code size} items ran for {@code executionNanos} (successfully or not). */
  default void batchRan(int size, long executionNanos) {}

  /** An item left the queue after waiting {@code queueWaitNanos}, to run in a batch. */
  default void itemDequeued(long queueWaitNanos) {}

  /** An item was refused because the queue was full. */
  default void itemRejected() {}

  /** An item was dropped unrun because its deadline had passed. */
  default void itemExpired() {}
}
