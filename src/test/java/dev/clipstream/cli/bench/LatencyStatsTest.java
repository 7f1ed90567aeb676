package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {
  @Test
  void percentilesUseNearestRankOverSortedSamples() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted on purpose
    }
    LatencyStats stats = LatencyStats.of(100, 2.0, nanos, 0);
    assertEquals(50.0, stats.p50Millis(), 1e-9);
    assertEquals(90.0, stats.p90Millis(), 1e-9);
    assertEquals(99.0, stats.p99Millis(), 1e-9);
    assertEquals(50.0, stats.throughput(), 1e-9);
  }

  @Test
  void noSamplesGiveNaNLatencyAndZeroThroughputForAnEmptyWindow() {
    LatencyStats stats = LatencyStats.of(0, 0, new long[0], 3);
    assertTrue(Double.isNaN(stats.p50Millis()));
    assertEquals(0, stats.throughput());
    assertEquals(3, stats.errors());
  }

  @Test
  void closedLoopCountsOnlyCallsFinishingInsideTheWindow() throws InterruptedException {
    LatencyStats stats =
        ClosedLoop.run(
            2,
            0.2,
            0.5,
            w ->
                () -> {
                  Thread.sleep(10);
                  return 3;
                });
    // Two workers, >= 10 ms per call, 0.5 s window: at most 600 items/s, never the warm-up.
    assertTrue(stats.items() % 3 == 0, "items come in whole calls");
    assertTrue(
        stats.throughput() > 30 && stats.throughput() <= 610, "throughput " + stats.throughput());
    assertTrue(stats.p50Millis() >= 10, "p50 " + stats.p50Millis());
    assertEquals(0, stats.errors());
  }

  @Test
  void failedCallsAreCountedAsErrorsNotItems() throws InterruptedException {
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    LatencyStats stats =
        ClosedLoop.run(
            1,
            0,
            0.2,
            w ->
                () -> {
                  Thread.sleep(5);
                  if (calls.incrementAndGet() % 2 == 0) {
                    throw new IllegalStateException("boom");
                  }
                  return 1;
                });
    assertTrue(stats.items() > 0);
    assertTrue(stats.errors() > 0);
  }

  @Test
  void aPointWhereEveryCallFailsReportsTheCause() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ClosedLoop.run(
                    1,
                    0,
                    0.2,
                    w ->
                        () -> {
                          Thread.sleep(5);
                          throw new IllegalStateException("boom");
                        }));
    assertTrue(e.getMessage().startsWith("every call failed"), e.getMessage());
    assertEquals("boom", e.getCause().getMessage());
  }

  @Test
  void periodicBatchesAreCountedFromTheFirstToTheLastCompletionNotPerWindow() {
    // A batch of 32 completes every 1.5 s; a 10 s window sees 7 of them (at 0.5, 2.0, ... 9.5 s).
    // Whole-window counting gives 224 / 10 = 22.4 items/s; the true rate is 32 / 1.5 = 21.33.
    long second = 1_000_000_000L;
    LatencyRecorder recorder = new LatencyRecorder(0, 10 * second);
    for (int k = 0; k < 7; k++) {
      long end = second / 2 + k * (3 * second / 2);
      recorder.record(end - 3 * second / 2, end, 32, false);
    }
    LatencyStats stats = recorder.stats();
    assertEquals(32 / 1.5, stats.throughput(), 1e-9);
    assertEquals(1500.0, stats.p50Millis(), 1e-9);
  }

  @Test
  void aSingleCompletionFallsBackToTheWholeWindow() {
    long second = 1_000_000_000L;
    LatencyRecorder recorder = new LatencyRecorder(0, 4 * second);
    recorder.record(0, 2 * second, 8, false);
    assertEquals(2.0, recorder.stats().throughput(), 1e-9);
  }
}
