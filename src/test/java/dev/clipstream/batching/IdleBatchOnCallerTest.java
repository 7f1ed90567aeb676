package dev.clipstream.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchScheduler#scheduleOrRunIfIdle}: a lone item on an idle scheduler runs on its caller.
 */
class IdleBatchOnCallerTest {
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  /** Records the thread that ran each input; returns the inputs unchanged. */
  private static final class ThreadRecorder implements BatchProcessor<Integer, Integer> {
    final Map<Integer, Thread> ranOn = new ConcurrentHashMap<>();

    @Override
    public List<Integer> process(Batch<Integer> batch) throws Exception {
      batch.inputs().forEach(i -> ranOn.put(i, Thread.currentThread()));
      return batch.inputs();
    }
  }

  private static BatchOptions options(int numBatchThreads, boolean runIdleBatchOnCaller) {
    return new BatchOptions(8, 2_000, 64, numBatchThreads, true, 25_000, runIdleBatchOnCaller);
  }

  @Test
  void aLoneItemOnAnIdleSchedulerRunsOnTheCallingThread() throws Exception {
    ThreadRecorder recorder = new ThreadRecorder();
    try (var scheduler =
        BatchScheduler.start(
            "t", options(2, true), recorder, NanoClock.SYSTEM, BatchListener.NONE)) {
      Ticket<Integer> ticket = scheduler.scheduleOrRunIfIdle(7, NO_DEADLINE);

      assertTrue(ticket.result().isDone(), "the batch ran before scheduleOrRunIfIdle returned");
      assertEquals(7, ticket.result().join());
      assertSame(Thread.currentThread(), recorder.ranOn.get(7));
      assertEquals(1, ticket.timing().batchSize());
    }
  }

  @Test
  void withTheOptionOffTheBatchThreadsRunIt() throws Exception {
    ThreadRecorder recorder = new ThreadRecorder();
    try (var scheduler =
        BatchScheduler.start(
            "t", options(2, false), recorder, NanoClock.SYSTEM, BatchListener.NONE)) {
      Ticket<Integer> ticket = scheduler.scheduleOrRunIfIdle(7, NO_DEADLINE);

      assertEquals(7, ticket.result().get(10, TimeUnit.SECONDS));
      assertTrue(recorder.ranOn.get(7).getName().startsWith("batch-t-"), recorder.ranOn.toString());
    }
  }

  @Test
  void plainScheduleNeverRunsOnTheCaller() throws Exception {
    ThreadRecorder recorder = new ThreadRecorder();
    try (var scheduler =
        BatchScheduler.start(
            "t", options(2, true), recorder, NanoClock.SYSTEM, BatchListener.NONE)) {
      Ticket<Integer> ticket = scheduler.schedule(7);

      assertEquals(7, ticket.result().get(10, TimeUnit.SECONDS));
      assertNotSame(Thread.currentThread(), recorder.ranOn.get(7));
    }
  }

  @Test
  void itemsBeingPreparedSendTheItemToTheQueue() throws Exception {
    ThreadRecorder recorder = new ThreadRecorder();
    try (var scheduler =
        BatchScheduler.start(
            "t", options(2, true), recorder, NanoClock.SYSTEM, BatchListener.NONE, () -> 1)) {
      Ticket<Integer> ticket = scheduler.scheduleOrRunIfIdle(7, NO_DEADLINE);

      // Another item is on its way, so the batch thread waits for it (up to preparing-wait).
      assertEquals(7, ticket.result().get(10, TimeUnit.SECONDS));
      assertTrue(recorder.ranOn.get(7).getName().startsWith("batch-t-"), recorder.ranOn.toString());
    }
  }

  @Test
  void aRunningBatchSendsTheItemToTheBatchThreads() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ThreadRecorder recorder = new ThreadRecorder();
    BatchProcessor<Integer, Integer> firstWaits =
        batch -> {
          if (batch.inputs().contains(1)) {
            release.await(10, TimeUnit.SECONDS);
          }
          return recorder.process(batch);
        };
    try (var scheduler =
        BatchScheduler.start(
            "t", options(2, true), firstWaits, NanoClock.SYSTEM, BatchListener.NONE)) {
      Ticket<Integer> first = scheduler.schedule(1);
      waitUntil(() -> scheduler.queuedItems() == 0);

      Ticket<Integer> second = scheduler.scheduleOrRunIfIdle(2, NO_DEADLINE);

      assertFalse(first.result().isDone(), "the first batch still runs");
      release.countDown();
      assertEquals(2, second.result().get(10, TimeUnit.SECONDS));
      assertEquals(1, first.result().get(10, TimeUnit.SECONDS));
      assertNotSame(Thread.currentThread(), recorder.ranOn.get(2));
    }
  }

  @Test
  void aBatchOnTheCallerHoldsABatchThreadSlot() throws Exception {
    CountDownLatch callerRunning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostRunning = new AtomicInteger();
    BatchProcessor<Integer, Integer> counting =
        batch -> {
          mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            if (batch.inputs().contains(1)) {
              callerRunning.countDown();
              release.await(10, TimeUnit.SECONDS);
            }
            return batch.inputs();
          } finally {
            running.decrementAndGet();
          }
        };
    try (var scheduler =
        BatchScheduler.start(
            "t", options(1, true), counting, NanoClock.SYSTEM, BatchListener.NONE)) {
      Thread caller = new Thread(() -> scheduler.scheduleOrRunIfIdle(1, NO_DEADLINE));
      caller.start();
      assertTrue(callerRunning.await(10, TimeUnit.SECONDS));

      Ticket<Integer> queued = scheduler.schedule(2);
      Thread.sleep(50); // the one batch thread must not start a second batch meanwhile
      assertFalse(queued.result().isDone(), "a second batch ran beside the caller's");

      release.countDown();
      caller.join(10_000);
      assertEquals(2, queued.result().get(10, TimeUnit.SECONDS));
      assertEquals(1, mostRunning.get());
    }
  }

  @Test
  void anExpiredItemFailsWithoutRunning() throws Exception {
    ThreadRecorder recorder = new ThreadRecorder();
    try (var scheduler =
        BatchScheduler.start(
            "t", options(2, true), recorder, NanoClock.SYSTEM, BatchListener.NONE)) {
      Ticket<Integer> ticket = scheduler.scheduleOrRunIfIdle(7, System.nanoTime() - 1);

      CompletionException e = assertThrows(CompletionException.class, ticket.result()::join);
      assertInstanceOf(DeadlineExpiredException.class, e.getCause());
      assertTrue(recorder.ranOn.isEmpty());
    }
  }

  @Test
  void aFailingBatchOnTheCallerFailsItsItemAndTheSchedulerGoesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    BatchProcessor<Integer, Integer> failsFirst =
        batch -> {
          if (calls.getAndIncrement() == 0) {
            throw new IllegalStateException("model broke");
          }
          return batch.inputs();
        };
    try (var scheduler =
        BatchScheduler.start(
            "t", options(1, true), failsFirst, NanoClock.SYSTEM, BatchListener.NONE)) {
      Ticket<Integer> failed = scheduler.scheduleOrRunIfIdle(1, NO_DEADLINE);
      CompletionException e = assertThrows(CompletionException.class, failed.result()::join);
      assertInstanceOf(BatchFailedException.class, e.getCause());

      assertEquals(2, scheduler.schedule(2).result().get(10, TimeUnit.SECONDS));
      assertEquals(3, scheduler.scheduleOrRunIfIdle(3, NO_DEADLINE).result().join());
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not reached in 10 s");
      }
      Thread.sleep(1);
    }
  }
}
