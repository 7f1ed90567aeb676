package dev.clipstream.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;

/**
 * A closed-loop driver: {@code concurrency} workers each repeat one call back to back, so exactly
 * that many calls are in flight. Calls finishing in the warm-up are ignored; the rest are recorded.
 */
final class ClosedLoop {
  private ClosedLoop() {}

  /** One worker's repeated call. */
  interface Call extends AutoCloseable {
    /** Runs one call and returns the number of items it completed. */
    int run() throws Exception;

    @Override
    default void close() throws Exception {}
  }

  static LatencyStats run(
      int concurrency, double warmupSeconds, double measureSeconds, IntFunction<Call> workers)
      throws InterruptedException {
    return run(concurrency, warmupSeconds, measureSeconds, workers, () -> Double.NaN);
  }

  /**
   * As {@link #run(int, double, double, IntFunction)}, also reading {@code cpuSeconds} (a process's
   * CPU clock, see {@link ProcessCpu}) at the window's start and end. This process's own CPU clock
   * is always read too ({@link LatencyStats#benchCpuSeconds()}).
   */
  static LatencyStats run(
      int concurrency,
      double warmupSeconds,
      double measureSeconds,
      IntFunction<Call> workers,
      DoubleSupplier cpuSeconds)
      throws InterruptedException {
    long start = System.nanoTime();
    long windowStart = start + (long) (warmupSeconds * 1e9);
    long windowEnd = windowStart + (long) (measureSeconds * 1e9);
    LatencyRecorder recorder = new LatencyRecorder(windowStart, windowEnd);
    AtomicReference<Exception> setupFailure = new AtomicReference<>();
    AtomicReference<Exception> callFailure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>(concurrency);
    for (int w = 0; w < concurrency; w++) {
      int worker = w;
      Thread thread =
          new Thread(
              () -> {
                try (Call call = workers.apply(worker)) {
                  while (System.nanoTime() < windowEnd) {
                    long t0 = System.nanoTime();
                    boolean failed = false;
                    int items = 0;
                    try {
                      items = call.run();
                    } catch (Exception e) {
                      failed = true;
                      callFailure.compareAndSet(null, e);
                    }
                    recorder.record(t0, System.nanoTime(), items, failed);
                  }
                } catch (Exception e) {
                  setupFailure.compareAndSet(null, e);
                }
              },
              "bench-worker-" + w);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    sleepUntil(windowStart);
    double cpuAtStart = cpuSeconds.getAsDouble();
    double benchCpuAtStart = ProcessCpu.self();
    long cpuReadStart = System.nanoTime();
    sleepUntil(windowEnd);
    double cpuUsed = cpuSeconds.getAsDouble() - cpuAtStart;
    double benchCpuUsed = ProcessCpu.self() - benchCpuAtStart;
    long cpuReadEnd = System.nanoTime();
    for (Thread thread : threads) {
      thread.join();
    }
    if (setupFailure.get() != null) {
      throw new IllegalStateException("a bench worker failed", setupFailure.get());
    }
    LatencyStats stats = recorder.stats();
    // CPU was read near the window's edges; scale it to the span the throughput was measured over.
    // The rate is taken over the span between the reads, not the nominal window: on a busy machine
    // this thread may wake a good part of the window late.
    double toMeasuredSpan = stats.seconds() / ((cpuReadEnd - cpuReadStart) / 1e9);
    stats =
        stats
            .withCpuSeconds(cpuUsed * toMeasuredSpan)
            .withBenchCpuSeconds(benchCpuUsed * toMeasuredSpan);
    if (stats.items() == 0 && stats.errors() > 0) {
      // A point where every call failed measures nothing: surface the cause instead of a 0.
      throw new IllegalStateException(
          "every call failed (" + stats.errors() + ")", callFailure.get());
    }
    return stats;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }
}
