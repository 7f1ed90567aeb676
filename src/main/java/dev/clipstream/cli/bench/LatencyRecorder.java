package dev.clipstream.cli.bench;

import java.util.Arrays;

/**
 * Collects call latencies from many threads. Only calls that end inside the measured window count,
 * so warm-up and drain do not skew the numbers.
 *
 * <p>Throughput is measured from the first to the last completion inside the window, not over the
 * whole window: a large model completes a batch of 32 every 1.6 s, so counting whole batches in a
 * fixed window is off by up to one batch (±13 % in 12 s); the span between completions, and the
 * items completed after the first, is exact for such a periodic stream and equal to the plain count
 * for a dense one.
 */
final class LatencyRecorder {
  private final long windowStartNanos;
  private final long windowEndNanos;
  private long[] samples = new long[1 << 12];
  private int count;
  private long items;
  private long errors;
  private long firstEndNanos;
  private long lastEndNanos;
  private int firstItems;

  LatencyRecorder(long windowStartNanos, long windowEndNanos) {
    this.windowStartNanos = windowStartNanos;
    this.windowEndNanos = windowEndNanos;
  }

  /** Records one call that started at {@code startNanos} and finished now, covering some items. */
  synchronized void record(long startNanos, long endNanos, int itemCount, boolean failed) {
    if (endNanos < windowStartNanos || endNanos > windowEndNanos) {
      return;
    }
    if (failed) {
      errors++;
      return;
    }
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    if (count == 0 || endNanos < firstEndNanos) {
      firstEndNanos = endNanos;
      firstItems = itemCount;
    }
    lastEndNanos = Math.max(lastEndNanos, endNanos);
    samples[count++] = endNanos - startNanos;
    items += itemCount;
  }

  /** Length of the measured window in seconds. */
  double windowSeconds() {
    return (windowEndNanos - windowStartNanos) / 1e9;
  }

  /**
   * The stats: latencies of every call in the window; throughput over the span from the first to
   * the last completion (the whole window when fewer than two calls completed).
   */
  synchronized LatencyStats stats() {
    long[] latencies = Arrays.copyOf(samples, count);
    if (count >= 2 && lastEndNanos > firstEndNanos) {
      return LatencyStats.of(
          items - firstItems, (lastEndNanos - firstEndNanos) / 1e9, latencies, errors);
    }
    return LatencyStats.of(items, windowSeconds(), latencies, errors);
  }
}
