package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.batching.ItemTiming;
import org.junit.jupiter.api.Test;

class CallTimingTest {
  private static final long US = 1_000;
  private static final long MS = 1_000_000;

  @Test
  void aCallWithoutItemsReportsOnlyItsTotal() {
    CallTiming timing = new CallTiming(5 * MS);
    assertEquals("total;dur=2.500", timing.serverTiming(7 * MS + 500 * US));
  }

  @Test
  void eachStageIsTheLongestOfTheCallsItemsInMillisecondsToTheMicrosecond() {
    CallTiming timing = new CallTiming(0);
    timing.recordPrep(31 * US + 999); // sub-microsecond digits are dropped, not rounded
    timing.recordPrep(12 * US);
    timing.recordBatch(new ItemTiming(120 * US, 83 * MS + 213 * US, 4));
    timing.recordBatch(new ItemTiming(7 * US, 80 * MS, 4));
    assertEquals(
        "prep;dur=0.031, queue;dur=0.120, model;dur=83.213, total;dur=84.006",
        timing.serverTiming(84 * MS + 6 * US));
  }

  @Test
  void stagesNoItemWentThroughAreLeftOutAndAClockStepBackReadsZero() {
    CallTiming timing = new CallTiming(10 * MS);
    timing.recordBatch(new ItemTiming(0, 1_500 * MS, 1));
    assertEquals("queue;dur=0.000, model;dur=1500.000, total;dur=0.000", timing.serverTiming(0));
  }

  @Test
  void aStagesDurationReadsBackFromTheValueAndIsNaNWhenAbsentOrMalformed() {
    String value = "prep;dur=0.031, queue;dur=0.120, model;dur=83.213, total;dur=84.006";
    assertEquals(83.213, CallTiming.durationMillis(value, "model"), 1e-9);
    assertEquals(0.031, CallTiming.durationMillis(value, "prep"), 1e-9);
    assertTrue(Double.isNaN(CallTiming.durationMillis("total;dur=1.000", "model")));
    assertTrue(Double.isNaN(CallTiming.durationMillis("model;dur=x", "model")));
    assertTrue(Double.isNaN(CallTiming.durationMillis(null, "model")));
  }
}
