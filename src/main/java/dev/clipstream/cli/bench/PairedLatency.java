package dev.clipstream.cli.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Concurrency-1 latency of a server against the raw in-process path, from pairs of calls taken back
 * to back ({@link ReferencedLatency} takes them, in rounds that also call the reference server). On
 * a shared VM the model's own speed drifts by ±15 % between minutes (runs 2–4), so a raw phase and
 * a server phase minutes apart cannot resolve a 2 ms target on a 100 ms model; within one pair the
 * drift is the same for both, and the median of the pairs' differences is the server's added
 * latency. The order inside a round rotates so no side always runs on the caches another warmed.
 *
 * <p>Even so the model's own run time varies by ±15 ms from call to call on vit-b-32 (runs 14–18),
 * so a median of 100 differences is only known to about ±2 ms, the size of the target. Each side
 * therefore also reports the model's share of each call (raw: its own clock around the model call;
 * server: the {@code model} stage of its {@code server-timing} trailer), and the pairs give two
 * more medians: the added latency outside the model (each side minus its own model time), where
 * that variance cancels, and the model's own difference between the processes. Each median comes
 * with a distribution-free 95 % interval.
 */
final class PairedLatency {
  private PairedLatency() {}

  /**
   * @param pairs pairs measured after the warm-up
   * @param rawP50Millis median raw latency
   * @param serverP50Millis median server latency
   * @param addedP25Millis 25th percentile of server minus raw within a pair
   * @param addedP50Millis median of server minus raw within a pair: the added latency
   * @param addedP75Millis 75th percentile of the differences
   */
  record Result(
      int pairs,
      double rawP50Millis,
      double serverP50Millis,
      double addedP25Millis,
      double addedP50Millis,
      double addedP75Millis,
      Interval addedCi95,
      double addedOutsideModelP50Millis,
      Interval addedOutsideModelCi95,
      double modelAddedP50Millis,
      Interval modelAddedCi95) {}

  /** A 95 % confidence interval of a median, in milliseconds (NaN ends when not known). */
  record Interval(double lowMillis, double highMillis) {
    static final Interval UNKNOWN = new Interval(Double.NaN, Double.NaN);
  }

  /**
   * One side of a pair: a call, and the model's share of the call that just ran (nanoseconds; < 0
   * when the side cannot tell).
   */
  record Side(ClosedLoop.Call call, LongSupplier lastModelNanos) {}

  /** Holds the last model time a call reported, for {@link Side#lastModelNanos}. */
  static final class LastModelTime implements LongConsumer, LongSupplier {
    private long nanos = -1;

    @Override
    public void accept(long value) {
      nanos = value;
    }

    @Override
    public long getAsLong() {
      return nanos;
    }
  }

  /** Times one call of a side, naming the side when it fails: a lone caller must see no errors. */
  static long time(ClosedLoop.Call call, String side) throws Exception {
    long t0 = System.nanoTime();
    try {
      call.run();
    } catch (Exception e) {
      throw new IllegalStateException("a " + side + " call at concurrency 1 failed", e);
    }
    return System.nanoTime() - t0;
  }

  /**
   * Percentiles of each side and of the per-pair differences: {raw, server} nanos each, then
   * optionally {raw model, server model} nanos (when absent or negative in any pair, the medians
   * that need them are NaN).
   */
  static Result summarise(List<long[]> pairs) {
    int n = pairs.size();
    long[] raw = new long[n];
    long[] server = new long[n];
    long[] added = new long[n];
    long[] outsideModel = new long[n];
    long[] modelAdded = new long[n];
    boolean modelTimes = n > 0;
    for (int i = 0; i < n; i++) {
      long[] pair = pairs.get(i);
      raw[i] = pair[0];
      server[i] = pair[1];
      added[i] = server[i] - raw[i];
      if (pair.length < 4 || pair[2] < 0 || pair[3] < 0) {
        modelTimes = false;
      } else {
        outsideModel[i] = (pair[1] - pair[3]) - (pair[0] - pair[2]);
        modelAdded[i] = pair[3] - pair[2];
      }
    }
    Arrays.sort(raw);
    Arrays.sort(server);
    Arrays.sort(added);
    Arrays.sort(outsideModel);
    Arrays.sort(modelAdded);
    return new Result(
        n,
        LatencyStats.percentileMillis(raw, 0.50),
        LatencyStats.percentileMillis(server, 0.50),
        LatencyStats.percentileMillis(added, 0.25),
        LatencyStats.percentileMillis(added, 0.50),
        LatencyStats.percentileMillis(added, 0.75),
        medianCi95(added),
        modelTimes ? LatencyStats.percentileMillis(outsideModel, 0.50) : Double.NaN,
        modelTimes ? medianCi95(outsideModel) : Interval.UNKNOWN,
        modelTimes ? LatencyStats.percentileMillis(modelAdded, 0.50) : Double.NaN,
        modelTimes ? medianCi95(modelAdded) : Interval.UNKNOWN);
  }

  /**
   * The distribution-free 95 % confidence interval of the median of {@code sorted} (nanos): the
   * order statistics of ranks r and n − r + 1 with r = ⌊n/2 − 0.98 √n⌋, from the normal
   * approximation of the binomial count of values below the median. Needs no assumption about the
   * shape of the differences, which on this VM have long tails. Unknown below 6 values, where even
   * the extremes do not cover 95 %.
   */
  static Interval medianCi95(long[] sorted) {
    int n = sorted.length;
    if (n < 6) {
      return Interval.UNKNOWN;
    }
    int r = Math.max(1, (int) Math.floor(n / 2.0 - 0.98 * Math.sqrt(n)));
    return new Interval(sorted[r - 1] / 1e6, sorted[n - r] / 1e6);
  }
}
