package dev.clipstream.cli.bench;

import java.util.Arrays;

/**
 * Throughput and latency percentiles of one measured run.
 *
 * @param items items completed inside the measured window
 * @param seconds length of the measured window
 * @param p50Millis median latency of one call
 * @param p90Millis 90th percentile
 * @param p99Millis 99th percentile
 * @param errors calls that failed inside the window
 * @param cpuSeconds CPU time the measured process used inside the window (NaN when not measured)
 * @param benchCpuSeconds CPU time this bench process used inside the window (NaN when not
 *     measured): in a server window, what the load generator costs on the cores it shares with the
 *     server
 */
public record LatencyStats(
    long items,
    double seconds,
    double p50Millis,
    double p90Millis,
    double p99Millis,
    long errors,
    double cpuSeconds,
    double benchCpuSeconds) {

  /** Items per second over the window. */
  public double throughput() {
    return seconds > 0 ? items / seconds : 0;
  }

  /** Builds stats from raw per-call latencies in nanoseconds (the array is sorted in place). */
  public static LatencyStats of(long items, double seconds, long[] latenciesNanos, long errors) {
    Arrays.sort(latenciesNanos);
    return new LatencyStats(
        items,
        seconds,
        percentileMillis(latenciesNanos, 0.50),
        percentileMillis(latenciesNanos, 0.90),
        percentileMillis(latenciesNanos, 0.99),
        errors,
        Double.NaN,
        Double.NaN);
  }

  /** The same stats with the measured process's CPU time over the window. */
  public LatencyStats withCpuSeconds(double cpu) {
    return new LatencyStats(
        items, seconds, p50Millis, p90Millis, p99Millis, errors, cpu, benchCpuSeconds);
  }

  /** The same stats with this bench process's CPU time over the window. */
  public LatencyStats withBenchCpuSeconds(double cpu) {
    return new LatencyStats(
        items, seconds, p50Millis, p90Millis, p99Millis, errors, cpuSeconds, cpu);
  }

  /** CPU microseconds per completed item; NaN when CPU was not measured or nothing completed. */
  public double cpuMicrosPerItem() {
    return items > 0 ? cpuSeconds * 1e6 / items : Double.NaN;
  }

  /** The bench process's CPU microseconds per completed item; NaN as above. */
  public double benchCpuMicrosPerItem() {
    return items > 0 ? benchCpuSeconds * 1e6 / items : Double.NaN;
  }

  /** Nearest-rank percentile of sorted nanosecond samples, in milliseconds; NaN when empty. */
  static double percentileMillis(long[] sortedNanos, double q) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sortedNanos.length);
    int index = Math.min(sortedNanos.length - 1, Math.max(0, rank - 1));
    return sortedNanos[index] / 1e6;
  }
}
