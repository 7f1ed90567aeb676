package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedLatencyTest {
  @Test
  void theAddedLatencyIsTheMedianOfEachPairsDifferenceSoDriftCancels() {
    // The machine slows down from pair to pair; the server is always 3 ms slower than raw.
    List<long[]> pairs = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      long raw = (100 + 5L * i) * 1_000_000;
      pairs.add(new long[] {raw, raw + 3_000_000});
    }
    PairedLatency.Result r = PairedLatency.summarise(pairs);
    assertEquals(21, r.pairs());
    assertEquals(150.0, r.rawP50Millis(), 1e-9);
    assertEquals(153.0, r.serverP50Millis(), 1e-9);
    assertEquals(3.0, r.addedP25Millis(), 1e-9);
    assertEquals(3.0, r.addedP50Millis(), 1e-9);
    assertEquals(3.0, r.addedP75Millis(), 1e-9);
    assertEquals(new PairedLatency.Interval(3.0, 3.0), r.addedCi95());
    assertTrue(Double.isNaN(r.addedOutsideModelP50Millis()), "no model times were given");
    assertEquals(PairedLatency.Interval.UNKNOWN, r.modelAddedCi95());
  }

  @Test
  void subtractingEachSidesModelTimeRemovesTheModelsNoiseFromTheAddedLatency() {
    // The model takes 80–120 ms at random, the same spread in both processes; around it the raw
    // path spends 1 ms and the server 1.4 ms. The plain differences scatter by tens of ms, the
    // ones outside the model do not.
    java.util.Random random = new java.util.Random(7);
    List<long[]> pairs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      long rawModel = (80 + random.nextInt(41)) * 1_000_000L;
      long serverModel = (80 + random.nextInt(41)) * 1_000_000L;
      pairs.add(new long[] {rawModel + 1_000_000, serverModel + 1_400_000, rawModel, serverModel});
    }
    PairedLatency.Result r = PairedLatency.summarise(pairs);
    assertEquals(0.4, r.addedOutsideModelP50Millis(), 1e-9);
    assertEquals(new PairedLatency.Interval(0.4, 0.4), r.addedOutsideModelCi95());
    double plainWidth = r.addedCi95().highMillis() - r.addedCi95().lowMillis();
    assertTrue(plainWidth > 3, "the plain median is uncertain by several ms: " + r.addedCi95());
    assertTrue(
        r.modelAddedCi95().lowMillis() < 0 && r.modelAddedCi95().highMillis() > 0,
        "the model is equally fast in both: " + r.modelAddedCi95());
  }

  @Test
  void theMediansIntervalUsesTheBinomialOrderStatistics() {
    long[] sorted = new long[100];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = (i + 1) * 1_000_000L; // 1 .. 100 ms
    }
    // n = 100: ranks 40 and 61 (Conover's table gives the same pair for 95 %).
    assertEquals(new PairedLatency.Interval(40, 61), PairedLatency.medianCi95(sorted));
    assertEquals(
        new PairedLatency.Interval(1, 6),
        PairedLatency.medianCi95(
            new long[] {1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000, 6_000_000}));
    assertEquals(PairedLatency.Interval.UNKNOWN, PairedLatency.medianCi95(new long[5]));
  }
}
