package dev.clipstream.batching;

import java.util.concurrent.CompletableFuture;

/**
 * A scheduled item: its future result and a way to cancel it.
 *
 * <p>The future completes exactly once: with the item's result, or exceptionally with a {@link
 * BatchingException} subtype.
 */
public interface Ticket<R> {
  /** The result, completed on a batch thread. */
  CompletableFuture<R> result();

  /**
   * Cancels the item: removes it from the queue if it is still there, and completes the future with
   * {@link ItemCancelledException} unless it is already complete. Safe to call many times and from
   * any thread.
   *
   * @return true if the item was still queued and so will never run
   */
  boolean cancel();

  /**
   * Where the item's time went, once its batch has run (set before {@link #result()} completes);
   * null while it is queued or running, and for items that never ran (cancelled, expired).
   */
  default ItemTiming timing() {
    return null;
  }
}
