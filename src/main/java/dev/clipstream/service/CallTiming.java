package dev.clipstream.service;

import dev.clipstream.batching.ItemTiming;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where one call's time went on the server, sent back as a W3C {@code server-timing} value (the
 * gRPC trailer of the same name): {@code prep} (decode or tokenise on the worker pool), {@code
 * queue} (waiting for a batch), {@code model} (the batch's model call) and {@code total} (the
 * server's wall time for the call). The aggregate metrics say how a tower is doing; this says why
 * one call was slow, and lets a client or a benchmark subtract the model's own time from what it
 * measured.
 *
 * <p>A call may hold many items (texts, images, stream items); each stage reports the longest of
 * its items, which for a unary call is the stage on its critical path. Stages no item went through
 * are left out.
 */
public final class CallTiming {
  private static final long NONE = -1;

  private final long startNanos;
  private final AtomicLong longestPrepNanos = new AtomicLong(NONE);
  private final AtomicLong longestQueueNanos = new AtomicLong(NONE);
  private final AtomicLong longestModelNanos = new AtomicLong(NONE);

  /**
   * @param startNanos a {@link System#nanoTime()} reading when the call arrived
   */
  public CallTiming(long startNanos) {
    this.startNanos = startNanos;
  }

  /** An item was prepared (decoded, tokenised) in {@code nanos}. */
  void recordPrep(long nanos) {
    longestPrepNanos.accumulateAndGet(nanos, Math::max);
  }

  /** An item ran in a batch. */
  void recordBatch(ItemTiming timing) {
    longestQueueNanos.accumulateAndGet(timing.queueWaitNanos(), Math::max);
    longestModelNanos.accumulateAndGet(timing.executionNanos(), Math::max);
  }

  /**
   * The {@code server-timing} value at {@code nowNanos}, e.g. {@code prep;dur=0.031,
   * queue;dur=0.120, model;dur=83.213, total;dur=84.006} (milliseconds, to the microsecond).
   */
  public String serverTiming(long nowNanos) {
    StringBuilder out = new StringBuilder(80);
    append(out, "prep", longestPrepNanos.get());
    append(out, "queue", longestQueueNanos.get());
    append(out, "model", longestModelNanos.get());
    append(out, "total", Math.max(0, nowNanos - startNanos));
    return out.toString();
  }

  /**
   * One stage's duration in a {@code server-timing} value (as {@link #serverTiming} writes it), in
   * milliseconds; NaN when the value is null or has no such stage. For clients and the benchmark.
   */
  public static double durationMillis(String serverTiming, String stage) {
    if (serverTiming == null) {
      return Double.NaN;
    }
    String prefix = stage + ";dur=";
    for (String entry : serverTiming.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.startsWith(prefix)) {
        try {
          return Double.parseDouble(trimmed.substring(prefix.length()));
        } catch (NumberFormatException e) {
          return Double.NaN;
        }
      }
    }
    return Double.NaN;
  }

  private static void append(StringBuilder out, String name, long nanos) {
    if (nanos == NONE) {
      return;
    }
    if (out.length() > 0) {
      out.append(", ");
    }
    long micros = nanos / 1_000;
    long fraction = micros % 1_000;
    out.append(name).append(";dur=").append(micros / 1_000).append('.');
    if (fraction < 100) {
      out.append(fraction < 10 ? "00" : "0");
    }
    out.append(fraction);
  }
}
