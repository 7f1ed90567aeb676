package dev.clipstream.batching;

import java.util.List;

/**
 * A formed batch: the inputs in queue order, handed to the {@link BatchProcessor} as a value.
 *
 * @param inputs the items' inputs, 1..maxBatchSize, oldest first
 * @param formedAtNanos clock reading when the batch was formed
 */
public record Batch<T>(List<T> inputs, long formedAtNanos) {
  public Batch {
    inputs = List.copyOf(inputs);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("a batch holds at least one item");
    }
  }

  public int size() {
    return inputs.size();
  }
}
