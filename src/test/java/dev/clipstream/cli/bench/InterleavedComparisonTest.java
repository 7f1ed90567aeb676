package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterleavedComparisonTest {
  /** A window that completed {@code items} in one second with {@code cpu} seconds of CPU. */
  private static LatencyStats window(long items, double cpu) {
    return LatencyStats.of(items, 1, new long[] {1}, 0).withCpuSeconds(cpu);
  }

  @Test
  void theRatioIsTheMedianOfEachRoundsRatioSoASlowRoundForBothSidesCancels() {
    // Round 2 ran while the machine was slow: both sides lost half their speed.
    InterleavedComparison c =
        new InterleavedComparison(
            32,
            "tag-frames c=256",
            List.of(window(100, 1.0), window(50, 1.0), window(100, 1.0)),
            List.of(window(96, 1.2), window(48, 1.2), window(90, 1.2)));
    assertEquals(0.96, c.ratio(), 1e-9);
    assertEquals(100, c.rawThroughput(), 1e-9);
    assertEquals(90, c.serverThroughput(), 1e-9);
    assertEquals(1e6 / 90 - 1e6 / 100, c.addedMicrosPerItem(), 1e-6);
    // CPU per item: server 1.2 s / 90 (median 1.2/90 over 1.2/96, 1.2/48, 1.2/90), raw 1.0 s / 100
    assertEquals(1.2e6 / 90 - 1e6 / 100, c.addedCpuMicrosPerItem(), 1e-6);
  }

  @Test
  void roundsRunRawThenServer() throws Exception {
    List<String> order = new ArrayList<>();
    InterleavedComparison c =
        InterleavedComparison.run(
            2,
            8,
            "unary c=64",
            () -> {
              order.add("raw");
              return window(10, 0.1);
            },
            () -> {
              order.add("server");
              return window(9, 0.1);
            });
    assertEquals(List.of("raw", "server", "raw", "server"), order);
    assertEquals(0.9, c.ratio(), 1e-9);
    assertEquals(8, c.rawBatch());
  }

  @Test
  void theLoadGeneratorsCpuPerItemIsTheMedianOverTheServerWindows() {
    InterleavedComparison c =
        new InterleavedComparison(
            32,
            "unary c=64",
            List.of(window(100, 1.0).withBenchCpuSeconds(1.0), window(100, 1.0)),
            List.of(
                window(80, 1.0).withBenchCpuSeconds(0.08),
                window(80, 1.0).withBenchCpuSeconds(0.04)));
    // 1,000 and 500 µs per item; the raw windows' own bench CPU is not the load generator's.
    assertEquals(750, c.loadGeneratorCpuMicrosPerItem(), 1e-6);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, InterleavedComparison.median(new double[] {4, 1, 3, 2}), 1e-12);
    assertEquals(3, InterleavedComparison.median(new double[] {5, 3, 1}), 1e-12);
  }

  @Test
  void unequalRoundsAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new InterleavedComparison(1, "unary c=1", List.of(window(1, 0)), List.of()));
  }
}
