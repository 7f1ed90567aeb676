package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {
  @Test
  void readsUserPlusSystemTicksAfterACommandNameWithSpacesAndParentheses() {
    // Fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    //         utime stime ...
    String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 10 0 0 0 250 50 0 0 20 0 30 0";
    assertEquals(3.0, ProcessCpu.fromStat(stat), 1e-9);
  }

  @Test
  void thisProcessAccumulatesCpuWhileBusy() {
    double before = ProcessCpu.self();
    long sink = 0;
    long end = System.nanoTime() + 300_000_000L;
    while (System.nanoTime() < end) {
      sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
    }
    double used = ProcessCpu.self() - before;
    assertTrue(used >= 0.1, "300 ms of spinning used " + used + " s of CPU (sink " + sink + ")");
  }

  @Test
  void closedLoopReadsTheCpuClockAtTheWindowEdges() throws InterruptedException {
    // A fake CPU clock that is the wall clock: the window's CPU equals its length.
    LatencyStats stats =
        ClosedLoop.run(
            1,
            0.1,
            0.4,
            w ->
                () -> {
                  Thread.sleep(5);
                  return 1;
                },
            () -> System.nanoTime() / 1e9);
    assertEquals(0.4, stats.cpuSeconds(), 0.05);
    assertEquals(stats.cpuSeconds() * 1e6 / stats.items(), stats.cpuMicrosPerItem(), 1e-6);
  }
}
