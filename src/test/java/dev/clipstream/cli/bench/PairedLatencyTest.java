package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
  }

  @Test
  void callsAlternateAndTheOrderInsideAPairFlips() throws Exception {
    List<String> order = new ArrayList<>();
    ClosedLoop.Call raw = () -> order.add("raw") ? 1 : 0;
    ClosedLoop.Call server = () -> order.add("server") ? 1 : 0;
    PairedLatency.Result r = PairedLatency.run(raw, server, 0, 4);
    assertEquals(4, r.pairs());
    assertEquals(
        List.of("raw", "server", "server", "raw", "raw", "server", "server", "raw"), order);
  }

  @Test
  void measuresAtLeastTheMinimumPairsAndForTheWindow() throws Exception {
    ClosedLoop.Call sleep1ms =
        () -> {
          Thread.sleep(1);
          return 1;
        };
    PairedLatency.Result r = PairedLatency.run(sleep1ms, sleep1ms, 0.05, 3);
    assertTrue(r.pairs() >= 3, "pairs " + r.pairs());
    assertTrue(r.rawP50Millis() >= 1.0 && r.serverP50Millis() >= 1.0, r.toString());
  }

  @Test
  void aFailedCallStopsTheMeasurementNamingTheSide() {
    ClosedLoop.Call ok = () -> 1;
    ClosedLoop.Call failing =
        () -> {
          throw new IllegalStateException("UNAVAILABLE");
        };
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> PairedLatency.run(ok, failing, 0, 2));
    assertTrue(e.getMessage().contains("server"), e.getMessage());
  }
}
