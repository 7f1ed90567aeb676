package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {
  private static BenchSettings withRounds(int rounds) {
    return new BenchSettings(1, 2, List.of(1, 2), List.of(1), 2, List.of(), Map.of(), rounds);
  }

  @Test
  void keepsTheAlternatingRoundsAskedFor() {
    assertEquals(5, withRounds(5).alternatingRounds());
  }

  @Test
  void rejectsFewerThanOneAlternatingRound() {
    var e = assertThrows(IllegalArgumentException.class, () -> withRounds(0));
    assertEquals("alternating rounds must be >= 1, got 0", e.getMessage());
  }

  @Test
  void batchSizesArePowersOfTwoUpToTheMaximum() {
    assertEquals(List.of(1, 2, 4, 8, 16, 32), BenchSettings.powersOfTwo(32));
    assertEquals(List.of(1, 2, 4), BenchSettings.powersOfTwo(7));
  }
}
