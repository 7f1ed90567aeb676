package dev.clipstream.batching;

import java.util.List;

/**
 * Runs one batch, for example one model call over all its inputs.
 *
 * @param <T> input of one item
 * @param <R> result of one item
 */
@FunctionalInterface
public interface BatchProcessor<T, R> {
  /**
   * Processes a batch. Runs on a batch thread.
   *
   * @return one result per input, in the same order; a list of another size fails every item
   * @throws Exception any failure, delivered to every item as a {@link BatchFailedException}
   */
  List<R> process(Batch<T> batch) throws Exception;
}
