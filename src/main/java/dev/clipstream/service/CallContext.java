package dev.clipstream.service;

import dev.clipstream.batching.ItemTiming;
import dev.clipstream.batching.Ticket;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One call's deadline and cancellation. The API layer creates one per gRPC call and cancels it when
 * the client does; the service tracks the call's queued batch items here, so cancelling removes
 * them from the batch queues.
 */
public final class CallContext {
  /** No deadline. */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  private final long deadlineNanos;
  private final CallTiming timing = new CallTiming(System.nanoTime());
  private final Set<Ticket<?>> pending = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;

  /**
   * @param deadlineNanos a {@link System#nanoTime()} reading after which work must not start, or
   *     {@link #NO_DEADLINE}
   */
  public CallContext(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /** A context with no deadline, e.g. for warm-up. */
  public static CallContext withoutDeadline() {
    return new CallContext(NO_DEADLINE);
  }

  /** A context whose deadline is {@code nanos} from now. */
  public static CallContext withTimeoutNanos(long nanos) {
    return new CallContext(System.nanoTime() + nanos);
  }

  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** Where this call's time went so far (for the {@code server-timing} trailer). */
  public CallTiming timing() {
    return timing;
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** True when the deadline has passed. */
  public boolean isExpired() {
    return deadlineNanos != NO_DEADLINE && System.nanoTime() - deadlineNanos >= 0;
  }

  /** Fails fast before starting new work for this call. */
  public void checkActive() {
    if (cancelled) {
      throw ClipServiceException.cancelled("the call was cancelled");
    }
    if (isExpired()) {
      throw ClipServiceException.deadlineExceeded("the call's deadline passed before it ran");
    }
  }

  /** Cancels the call: its queued batch items are removed and never run. */
  public void cancel() {
    cancelled = true;
    for (Ticket<?> ticket : pending) {
      ticket.cancel();
    }
    pending.clear();
  }

  /**
   * Tracks a queued item until it completes, when its batch timing joins the call's; cancels it at
   * once if the call is cancelled.
   *
   * @return the item's result, completing after its timing was recorded: chain on this, not on the
   *     ticket, so that whatever ends the call sees the timing
   */
  <R> CompletableFuture<R> track(Ticket<R> ticket) {
    pending.add(ticket);
    CompletableFuture<R> recorded =
        ticket
            .result()
            .whenComplete(
                (r, e) -> {
                  pending.remove(ticket);
                  ItemTiming ran = ticket.timing();
                  if (ran != null) {
                    timing.recordBatch(ran);
                  }
                });
    if (cancelled) {
      ticket.cancel();
    }
    return recorded;
  }

  /** Items of this call still queued or running. */
  int pendingItems() {
    return pending.size();
  }
}
