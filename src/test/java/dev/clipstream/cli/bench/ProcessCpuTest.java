package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
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
    // A fake CPU clock that is the wall clock: the CPU charged to the measured span equals its
    // length.
    LatencyStats stats = ClosedLoop.run(1, 0.1, 0.4, w -> sleepingCall(), () -> wallSeconds());
    assertEquals(stats.seconds(), stats.cpuSeconds(), 0.02 * stats.seconds());
    assertEquals(stats.cpuSeconds() * 1e6 / stats.items(), stats.cpuMicrosPerItem(), 1e-6);
  }

  @Test
  void aLateReadOfTheCpuClockIsScaledByTheSpanItReallyCovered() throws InterruptedException {
    // On a busy machine the bench's main thread may wake well after the window opens (CI once
    // charged 0.28 s of a 0.4 s wall clock window): the CPU rate is taken over the span between
    // the two reads, not the nominal window. The first read comes 150 ms late here.
    AtomicBoolean first = new AtomicBoolean(true);
    DoubleSupplier lateFirstRead =
        () -> {
          if (first.getAndSet(false)) {
            sleepQuietly(150);
          }
          return wallSeconds();
        };
    LatencyStats stats = ClosedLoop.run(1, 0.1, 0.4, w -> sleepingCall(), lateFirstRead);
    assertEquals(stats.seconds(), stats.cpuSeconds(), 0.02 * stats.seconds());
  }

  private static ClosedLoop.Call sleepingCall() {
    return () -> {
      Thread.sleep(5);
      return 1;
    };
  }

  private static double wallSeconds() {
    return System.nanoTime() / 1e9;
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void closedLoopAlsoChargesThisProcesssOwnCpuToTheWindow() throws InterruptedException {
    // Each call burns 5 ms of its thread's CPU (CPU time, not wall time, so that a busy machine
    // descheduling the thread does not lower it): the bench's own clock sees at least that per
    // item, while the measured process's clock (here: none) stays NaN.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    LatencyStats stats =
        ClosedLoop.run(
            1,
            0.1,
            0.5,
            w ->
                () -> {
                  long end = threads.getCurrentThreadCpuTime() + 5_000_000L;
                  long sink = 0;
                  while (threads.getCurrentThreadCpuTime() < end) {
                    sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
                  }
                  return sink == 42 ? 2 : 1;
                });
    assertTrue(Double.isNaN(stats.cpuSeconds()));
    double perItem = stats.benchCpuMicrosPerItem();
    // /proc counts 10 ms ticks, and the JVM's other threads (JIT, GC) add their share: loose
    // bounds, but far from 0 and from what a clock of another process would give.
    assertTrue(perItem > 4_000 && perItem < 20_000, "bench CPU per item " + perItem + " us");
  }
}
