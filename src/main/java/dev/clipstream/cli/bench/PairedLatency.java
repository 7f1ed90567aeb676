package dev.clipstream.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Concurrency-1 latency of the server against the raw in-process path, taken call by call in
 * alternation. On a shared VM the model's own speed drifts by ±15 % between minutes (runs 2–4), so
 * a raw phase and a server phase minutes apart cannot resolve a 2 ms target on a 100 ms model;
 * within one pair the drift is the same for both, and the median of the pairs' differences is the
 * server's added latency. The order inside a pair alternates so neither side always runs on the
 * caches the other warmed.
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
      double addedP75Millis) {}

  /** Alternates {@code raw} and {@code server} calls for {@code seconds}, recording nothing. */
  static void warmUp(ClosedLoop.Call raw, ClosedLoop.Call server, double seconds) throws Exception {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    for (int round = 0; System.nanoTime() < end; round++) {
      pair(raw, server, round);
    }
  }

  /**
   * Alternates {@code raw} and {@code server} calls for {@code measureSeconds} and at least {@code
   * minPairs} pairs.
   *
   * @throws IllegalStateException when a call fails: a lone caller must not see errors
   */
  static Result run(
      ClosedLoop.Call raw, ClosedLoop.Call server, double measureSeconds, int minPairs)
      throws Exception {
    List<long[]> pairs = new ArrayList<>();
    long end = System.nanoTime() + (long) (measureSeconds * 1e9);
    for (int round = 0; System.nanoTime() < end || pairs.size() < minPairs; round++) {
      pairs.add(pair(raw, server, round));
    }
    return summarise(pairs);
  }

  /** One pair: {raw nanos, server nanos}. Odd rounds call the server first. */
  private static long[] pair(ClosedLoop.Call raw, ClosedLoop.Call server, int round)
      throws Exception {
    long[] nanos = new long[2];
    if (round % 2 == 0) {
      nanos[0] = time(raw, "raw");
      nanos[1] = time(server, "server");
    } else {
      nanos[1] = time(server, "server");
      nanos[0] = time(raw, "raw");
    }
    return nanos;
  }

  private static long time(ClosedLoop.Call call, String side) throws Exception {
    long t0 = System.nanoTime();
    try {
      call.run();
    } catch (Exception e) {
      throw new IllegalStateException("a " + side + " call at concurrency 1 failed", e);
    }
    return System.nanoTime() - t0;
  }

  /** Percentiles of each side and of the per-pair differences ({raw, server} nanos each). */
  static Result summarise(List<long[]> pairs) {
    int n = pairs.size();
    long[] raw = new long[n];
    long[] server = new long[n];
    long[] added = new long[n];
    for (int i = 0; i < n; i++) {
      raw[i] = pairs.get(i)[0];
      server[i] = pairs.get(i)[1];
      added[i] = server[i] - raw[i];
    }
    Arrays.sort(raw);
    Arrays.sort(server);
    Arrays.sort(added);
    return new Result(
        n,
        LatencyStats.percentileMillis(raw, 0.50),
        LatencyStats.percentileMillis(server, 0.50),
        LatencyStats.percentileMillis(added, 0.25),
        LatencyStats.percentileMillis(added, 0.50),
        LatencyStats.percentileMillis(added, 0.75));
  }
}
