package dev.clipstream.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Concurrency-1 latency of the server and of the {@link ReferenceServer} against the raw in-process
 * path, in rounds of one call of each. As in {@link PairedLatency}, each server is held to the raw
 * call of its own round, so the VM's drift cancels; the two servers are also held to each other
 * within the round, so the serving layer's own share (the server's added latency outside the model
 * minus the reference's) is a median of per-round differences with its own interval, not a
 * difference between two medians taken minutes apart (run 26: the raw side alone moved by 0.8 ms
 * between such measurements). The rounds cycle through the six orders of the three sides, so no
 * side always runs on the caches another warmed.
 */
final class ReferencedLatency {
  private ReferencedLatency() {}

  // Indexes into a round's arrays: 0 raw, 1 server, 2 reference.
  private static final int[][] ORDERS = {
    {0, 1, 2}, {1, 2, 0}, {2, 0, 1}, {0, 2, 1}, {2, 1, 0}, {1, 0, 2}
  };
  private static final String[] NAMES = {"raw", "server", "reference"};

  /**
   * @param server the server against raw, each round's pair of their calls
   * @param reference the reference server against raw, the same way
   * @param serverOverReferenceP50Millis median over the rounds of (server wall − server model) −
   *     (reference wall − reference model); NaN when a side reports no model time
   * @param serverOverReferenceCi95 its 95 % interval
   */
  record Result(
      PairedLatency.Result server,
      PairedLatency.Result reference,
      double serverOverReferenceP50Millis,
      PairedLatency.Interval serverOverReferenceCi95) {}

  /** Runs rounds for {@code seconds}, recording nothing. */
  static void warmUp(
      PairedLatency.Side raw,
      PairedLatency.Side server,
      PairedLatency.Side reference,
      double seconds)
      throws Exception {
    PairedLatency.Side[] sides = {raw, server, reference};
    long end = System.nanoTime() + (long) (seconds * 1e9);
    for (int round = 0; System.nanoTime() < end; round++) {
      round(sides, round);
    }
  }

  /**
   * Runs rounds for {@code measureSeconds} and at least {@code minRounds}.
   *
   * @throws IllegalStateException when a call fails, naming its side
   */
  static Result run(
      PairedLatency.Side raw,
      PairedLatency.Side server,
      PairedLatency.Side reference,
      double measureSeconds,
      int minRounds)
      throws Exception {
    PairedLatency.Side[] sides = {raw, server, reference};
    List<long[]> rounds = new ArrayList<>();
    long end = System.nanoTime() + (long) (measureSeconds * 1e9);
    for (int round = 0; System.nanoTime() < end || rounds.size() < minRounds; round++) {
      rounds.add(round(sides, round));
    }
    return summarise(rounds);
  }

  /**
   * One round: {raw, server, reference} wall nanos, then their model nanos (each read right after
   * its side's call), the sides called in the round's order.
   */
  static long[] round(PairedLatency.Side[] sides, int round) throws Exception {
    long[] nanos = new long[6];
    for (int side : ORDERS[round % ORDERS.length]) {
      nanos[side] = PairedLatency.time(sides[side].call(), NAMES[side]);
      nanos[3 + side] = sides[side].lastModelNanos().getAsLong();
    }
    return nanos;
  }

  /** Both servers' pairs with raw, and the per-round difference between the servers. */
  static Result summarise(List<long[]> rounds) {
    List<long[]> server = new ArrayList<>(rounds.size());
    List<long[]> reference = new ArrayList<>(rounds.size());
    long[] over = new long[rounds.size()];
    boolean modelTimes = !rounds.isEmpty();
    for (int i = 0; i < rounds.size(); i++) {
      long[] r = rounds.get(i);
      server.add(new long[] {r[0], r[1], r[3], r[4]});
      reference.add(new long[] {r[0], r[2], r[3], r[5]});
      if (r[4] < 0 || r[5] < 0) {
        modelTimes = false;
      } else {
        over[i] = (r[1] - r[4]) - (r[2] - r[5]);
      }
    }
    Arrays.sort(over);
    return new Result(
        PairedLatency.summarise(server),
        PairedLatency.summarise(reference),
        modelTimes ? LatencyStats.percentileMillis(over, 0.50) : Double.NaN,
        modelTimes ? PairedLatency.medianCi95(over) : PairedLatency.Interval.UNKNOWN);
  }
}
