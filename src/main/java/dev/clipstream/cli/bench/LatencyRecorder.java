package dev.clipstream.cli.bench;

import java.util.Arrays;

/**
 * Collects call latencies from many threads. Only calls that end inside the measured window count,
 * so warm-up and drain do not skew the numbers.
 */
final class LatencyRecorder {
  private final long windowStartNanos;
  private final long windowEndNanos;
  private long[] samples = new long[1 << 12];
  private int count;
  private long items;
  private long errors;

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
    samples[count++] = endNanos - startNanos;
    items += itemCount;
  }

  synchronized LatencyStats stats() {
    double seconds = (windowEndNanos - windowStartNanos) / 1e9;
    return LatencyStats.of(items, seconds, Arrays.copyOf(samples, count), errors);
  }
}
