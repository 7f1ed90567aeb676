package dev.clipstream.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The server's best point and the raw limit's best batch size measured again in alternating
 * windows, raw then server, for a few rounds. The sweeps measure the raw phase and the server phase
 * minutes apart, and this VM's speed drifts by ±20–40 % over such spans (run 5's raw vit-b-32 limit
 * came out at 17.4 img/s in a slow period, run 4's at 26.1), which moved the ratio from 0.91 to
 * 1.42 with the same server. Each round's two windows are seconds apart, so the median of the
 * rounds' ratios is the ratio the targets are judged on.
 *
 * @param rawBatch the raw end-to-end batch size measured (its best in the raw phase)
 * @param serverPoint the server point measured (its best in the sweeps), e.g. "tag-frames c=256"
 * @param raw each round's raw window
 * @param server each round's server window
 */
record InterleavedComparison(
    int rawBatch, String serverPoint, List<LatencyStats> raw, List<LatencyStats> server) {

  /** One measured window. */
  interface Window {
    LatencyStats run() throws InterruptedException;
  }

  InterleavedComparison {
    if (raw.size() != server.size() || raw.isEmpty()) {
      throw new IllegalArgumentException(
          "need as many raw as server windows, at least one: "
              + raw.size()
              + " / "
              + server.size());
    }
    raw = List.copyOf(raw);
    server = List.copyOf(server);
  }

  /** Runs {@code rounds} rounds of the raw window then the server window. */
  static InterleavedComparison run(
      int rounds, int rawBatch, String serverPoint, Window rawWindow, Window serverWindow)
      throws InterruptedException {
    List<LatencyStats> raw = new ArrayList<>();
    List<LatencyStats> server = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      raw.add(rawWindow.run());
      server.add(serverWindow.run());
    }
    return new InterleavedComparison(rawBatch, serverPoint, raw, server);
  }

  /** Median over rounds of server throughput / raw throughput in the same round. */
  double ratio() {
    double[] ratios = new double[raw.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = server.get(i).throughput() / raw.get(i).throughput();
    }
    return median(ratios);
  }

  double rawThroughput() {
    return median(raw, LatencyStats::throughput);
  }

  double serverThroughput() {
    return median(server, LatencyStats::throughput);
  }

  /** Wall time per item the server adds beyond the raw limit (µs), from the median throughputs. */
  double addedMicrosPerItem() {
    return 1e6 / serverThroughput() - 1e6 / rawThroughput();
  }

  /** Server-process CPU per item minus the raw run's CPU per item (µs), medians over rounds. */
  double addedCpuMicrosPerItem() {
    return median(server, LatencyStats::cpuMicrosPerItem)
        - median(raw, LatencyStats::cpuMicrosPerItem);
  }

  /**
   * The load generator's CPU per item in the server windows (µs, median over rounds). It runs on
   * the cores the server uses and the raw loop has to itself, so it is part of the wall-time gap
   * that no change to the server can remove.
   */
  double loadGeneratorCpuMicrosPerItem() {
    return median(server, LatencyStats::benchCpuMicrosPerItem);
  }

  private static double median(List<LatencyStats> windows, ToDoubleFunction<LatencyStats> f) {
    return median(windows.stream().mapToDouble(f).toArray());
  }

  /** The middle value; the mean of the two middle values for an even count. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
