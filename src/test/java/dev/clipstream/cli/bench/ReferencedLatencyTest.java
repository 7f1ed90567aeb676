package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReferencedLatencyTest {
  @Test
  void eachServerIsPairedWithTheRawCallOfItsRoundAndTheServersWithEachOther() {
    // The machine slows down round by round and the model's time varies; outside the model raw
    // spends 1 ms, the server 1.5 ms and the reference 1.2 ms.
    java.util.Random random = new java.util.Random(3);
    List<long[]> rounds = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      long drift = i * 2_000_000L;
      long[] model = new long[3];
      for (int s = 0; s < 3; s++) {
        model[s] = drift + (80 + random.nextInt(41)) * 1_000_000L;
      }
      rounds.add(
          new long[] {
            model[0] + 1_000_000,
            model[1] + 1_500_000,
            model[2] + 1_200_000,
            model[0],
            model[1],
            model[2]
          });
    }
    ReferencedLatency.Result r = ReferencedLatency.summarise(rounds);
    assertEquals(60, r.server().pairs());
    assertEquals(60, r.reference().pairs());
    assertEquals(0.5, r.server().addedOutsideModelP50Millis(), 1e-9);
    assertEquals(0.2, r.reference().addedOutsideModelP50Millis(), 1e-9);
    assertEquals(0.3, r.serverOverReferenceP50Millis(), 1e-9);
    assertEquals(new PairedLatency.Interval(0.3, 0.3), r.serverOverReferenceCi95());
  }

  @Test
  void withoutModelTimesTheServersDifferenceIsUnknown() {
    List<long[]> rounds = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rounds.add(new long[] {10, 12, 11, -1, -1, -1});
    }
    ReferencedLatency.Result r = ReferencedLatency.summarise(rounds);
    assertTrue(Double.isNaN(r.serverOverReferenceP50Millis()));
    assertEquals(PairedLatency.Interval.UNKNOWN, r.serverOverReferenceCi95());
    assertEquals(2e-6, r.server().addedP50Millis(), 1e-12);
  }

  @Test
  void sixRoundsCallTheThreeSidesInEveryOrderAndReadEachModelTimeAfterItsCall() throws Exception {
    List<String> calls = new ArrayList<>();
    PairedLatency.LastModelTime[] models = new PairedLatency.LastModelTime[3];
    PairedLatency.Side[] sides = new PairedLatency.Side[3];
    String[] names = {"raw", "server", "reference"};
    for (int s = 0; s < 3; s++) {
      int side = s;
      models[s] = new PairedLatency.LastModelTime();
      sides[s] =
          new PairedLatency.Side(
              () -> {
                calls.add(names[side]);
                models[side].accept((side + 1) * 1_000_000L);
                return 1;
              },
              models[s]);
    }
    ReferencedLatency.Result r = ReferencedLatency.run(sides[0], sides[1], sides[2], 0, 6);
    assertEquals(6, r.server().pairs());
    Set<List<String>> orders = new HashSet<>();
    for (int round = 0; round < 6; round++) {
      orders.add(calls.subList(3 * round, 3 * round + 3));
    }
    assertEquals(6, orders.size(), "every order once: " + calls);
    assertEquals(1.0, r.server().modelAddedP50Millis(), 1e-9); // 2 ms - 1 ms
    assertEquals(2.0, r.reference().modelAddedP50Millis(), 1e-9); // 3 ms - 1 ms
  }

  @Test
  void measuresAtLeastTheMinimumRoundsAndForTheWindow() throws Exception {
    PairedLatency.Side sleep1ms =
        new PairedLatency.Side(
            () -> {
              Thread.sleep(1);
              return 1;
            },
            () -> -1);
    ReferencedLatency.Result r = ReferencedLatency.run(sleep1ms, sleep1ms, sleep1ms, 0.05, 3);
    assertTrue(r.server().pairs() >= 3, "rounds " + r.server().pairs());
    assertTrue(r.server().rawP50Millis() >= 1.0, r.toString());
    assertTrue(r.reference().serverP50Millis() >= 1.0, r.toString());
  }

  @Test
  void aFailedCallStopsTheMeasurementNamingTheSide() {
    ClosedLoop.Call ok = () -> 1;
    PairedLatency.Side fine = new PairedLatency.Side(ok, () -> -1);
    PairedLatency.Side failing =
        new PairedLatency.Side(
            () -> {
              throw new IllegalStateException("UNAVAILABLE");
            },
            () -> -1);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> ReferencedLatency.run(fine, fine, failing, 0, 2));
    assertTrue(e.getMessage().contains("reference"), e.getMessage());
  }
}
