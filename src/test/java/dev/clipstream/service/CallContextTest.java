package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.batching.ItemTiming;
import dev.clipstream.batching.Ticket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CallContextTest {
  /** A ticket completed by hand, with the timing a scheduler would set before completing it. */
  private static final class HandTicket implements Ticket<String> {
    final CompletableFuture<String> result = new CompletableFuture<>();
    volatile ItemTiming timing;
    volatile boolean cancelled;

    @Override
    public CompletableFuture<String> result() {
      return result;
    }

    @Override
    public boolean cancel() {
      cancelled = true;
      return result.completeExceptionally(new IllegalStateException("cancelled"));
    }

    @Override
    public ItemTiming timing() {
      return timing;
    }
  }

  @Test
  void whatIsChainedOnATrackedItemSeesItsBatchTimingInTheCallsServerTiming() {
    CallContext call = CallContext.withoutDeadline();
    HandTicket ticket = new HandTicket();
    AtomicReference<String> seenByTheResponse = new AtomicReference<>();
    call.track(ticket)
        .thenRun(() -> seenByTheResponse.set(call.timing().serverTiming(System.nanoTime())));
    assertEquals(1, call.pendingItems());
    ticket.timing = new ItemTiming(2_000_000, 40_000_000, 3);
    ticket.result.complete("embedding");
    assertEquals(0, call.pendingItems());
    String header = seenByTheResponse.get();
    assertTrue(header.startsWith("queue;dur=2.000, model;dur=40.000, total;dur="), header);
  }

  @Test
  void anItemTrackedAfterTheCallWasCancelledIsCancelledAtOnceWithoutTiming() {
    CallContext call = CallContext.withoutDeadline();
    call.cancel();
    HandTicket ticket = new HandTicket();
    CompletableFuture<String> result = call.track(ticket);
    assertTrue(ticket.cancelled);
    assertTrue(result.isCompletedExceptionally());
    assertTrue(call.timing().serverTiming(System.nanoTime()).startsWith("total;dur="));
  }
}
