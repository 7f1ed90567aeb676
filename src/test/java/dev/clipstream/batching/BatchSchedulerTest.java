package dev.clipstream.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchSchedulerTest {
  private static final long MS = 1_000_000;

  /** A clock the test moves by hand. */
  private static final class FakeClock implements NanoClock {
    final AtomicLong now = new AtomicLong(1_000 * MS);

    @Override
    public long nanoTime() {
      return now.get();
    }

    void advanceMillis(long millis) {
      now.addAndGet(millis * MS);
    }
  }

  /** Doubles each input and records every batch it sees. */
  private static final class Doubler implements BatchProcessor<Integer, Integer> {
    final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

    @Override
    public List<Integer> process(Batch<Integer> batch) {
      batches.add(batch.inputs());
      return batch.inputs().stream().map(x -> 2 * x).toList();
    }
  }

  private static Thread startThread(Runnable body) {
    Thread thread = new Thread(body);
    thread.start();
    return thread;
  }

  private final FakeClock clock = new FakeClock();
  private final Doubler doubler = new Doubler();

  private BatchScheduler<Integer, Integer> manual(int maxBatch, long timeoutMillis, int maxQueued) {
    return BatchScheduler.manual(
        "test", new BatchOptions(maxBatch, timeoutMillis * 1000, maxQueued, 1), doubler, clock);
  }

  private static Throwable failureOf(Ticket<?> ticket) {
    CompletionException e = assertThrows(CompletionException.class, () -> ticket.result().join());
    return e.getCause();
  }

  @Test
  void partialBatchWaitsForTheTimeoutThenRunsAsOneCall() {
    var scheduler = manual(8, 2, 64);
    var a = scheduler.schedule(1);
    var b = scheduler.schedule(2);
    var c = scheduler.schedule(3);
    assertEquals(0, scheduler.runOnce());
    clock.advanceMillis(1);
    assertEquals(0, scheduler.runOnce());
    clock.advanceMillis(1);
    assertEquals(3, scheduler.runOnce());
    assertEquals(List.of(List.of(1, 2, 3)), doubler.batches);
    assertEquals(
        List.of(2, 4, 6), List.of(a.result().join(), b.result().join(), c.result().join()));
  }

  @Test
  void eachRunItemCarriesItsQueueWaitAndItsBatchsExecutionTime() {
    BatchProcessor<Integer, Integer> slow =
        batch -> {
          clock.advanceMillis(7);
          return doubler.process(batch);
        };
    var scheduler = BatchScheduler.manual("timed", new BatchOptions(8, 3_000, 64, 1), slow, clock);
    var first = scheduler.schedule(1);
    clock.advanceMillis(1);
    var second = scheduler.schedule(2);
    var expired = scheduler.schedule(3, clock.nanoTime() + MS);
    assertNull(first.timing(), "no timing while queued");
    clock.advanceMillis(1);
    assertEquals(0, scheduler.runOnce()); // the oldest has waited 2 ms of its 3 ms timeout
    clock.advanceMillis(1);
    assertEquals(2, scheduler.runOnce());
    assertEquals(new ItemTiming(3 * MS, 7 * MS, 2), first.timing());
    assertEquals(new ItemTiming(2 * MS, 7 * MS, 2), second.timing());
    assertInstanceOf(DeadlineExpiredException.class, failureOf(expired));
    assertNull(expired.timing(), "an item that never ran has no timing");
  }

  @Test
  void fullBatchRunsAtOnceWithoutWaitingForTheTimeout() {
    var scheduler = manual(4, 1_000, 64);
    for (int i = 0; i < 4; i++) {
      scheduler.schedule(i);
    }
    assertEquals(4, scheduler.runOnce());
  }

  @Test
  void batchesNeverExceedMaxBatchSizeAndKeepArrivalOrder() {
    var scheduler = manual(4, 2, 64);
    for (int i = 0; i < 10; i++) {
      scheduler.schedule(i);
    }
    assertEquals(4, scheduler.runOnce());
    assertEquals(4, scheduler.runOnce());
    assertEquals(0, scheduler.runOnce()); // 2 left: a partial batch waits for its timeout
    clock.advanceMillis(2);
    assertEquals(2, scheduler.runOnce());
    assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9)), doubler.batches);
  }

  @Test
  void itemsScheduledTogetherShareOneBatchInOrder() {
    var scheduler = manual(8, 2, 16);
    List<Ticket<Integer>> tickets = scheduler.scheduleAll(List.of(1, 2, 3), Long.MAX_VALUE);
    clock.advanceMillis(2);

    assertEquals(3, scheduler.runOnce());
    assertEquals(List.of(List.of(1, 2, 3)), doubler.batches);
    assertEquals(List.of(2, 4, 6), tickets.stream().map(t -> t.result().join()).toList());
  }

  @Test
  void itemsThatDoNotAllFitAreRejectedTogether() {
    var scheduler = manual(2, 2, 4);
    scheduler.schedule(0);
    scheduler.schedule(1);

    assertThrows(
        QueueFullException.class, () -> scheduler.scheduleAll(List.of(2, 3, 4), Long.MAX_VALUE));
    assertEquals(2, scheduler.queuedItems(), "none of the three was queued");
    assertEquals(2, scheduler.scheduleAll(List.of(2, 3), Long.MAX_VALUE).size());
  }

  @Test
  void fullQueueRejectsAtOnceWithATypedExceptionAndARetryHint() {
    var scheduler = manual(2, 2, 4);
    for (int i = 0; i < 4; i++) {
      scheduler.schedule(i);
    }
    QueueFullException e = assertThrows(QueueFullException.class, () -> scheduler.schedule(99));
    assertTrue(e.retryAfterMillis() >= 1, "retry hint " + e.retryAfterMillis());
    assertTrue(e.getMessage().contains("full (4 items)"), e.getMessage());
    assertEquals(4, scheduler.queuedItems());
  }

  @Test
  void itemWhoseDeadlinePassedIsDroppedBeforeRunningWithADeadlineResult() {
    var scheduler = manual(8, 2, 64);
    var late = scheduler.schedule(1, clock.nanoTime() + MS);
    var patient = scheduler.schedule(2);
    clock.advanceMillis(2);
    assertEquals(1, scheduler.runOnce());
    assertEquals(List.of(List.of(2)), doubler.batches);
    assertInstanceOf(DeadlineExpiredException.class, failureOf(late));
    assertEquals(4, patient.result().join());
  }

  @Test
  void batchOfOnlyExpiredItemsNeverCallsTheProcessor() {
    var scheduler = manual(2, 1, 64);
    var a = scheduler.schedule(1, clock.nanoTime());
    var b = scheduler.schedule(2, clock.nanoTime());
    clock.advanceMillis(1);
    assertEquals(0, scheduler.runOnce());
    assertTrue(doubler.batches.isEmpty());
    assertInstanceOf(DeadlineExpiredException.class, failureOf(a));
    assertInstanceOf(DeadlineExpiredException.class, failureOf(b));
    assertEquals(0, scheduler.queuedItems());
  }

  @Test
  void cancelledItemIsRemovedFromTheQueueAndNeverRuns() {
    var scheduler = manual(8, 2, 64);
    var a = scheduler.schedule(1);
    var b = scheduler.schedule(2);
    assertTrue(a.cancel());
    assertEquals(List.of(2), scheduler.queuedInputs());
    assertInstanceOf(ItemCancelledException.class, failureOf(a));
    clock.advanceMillis(2);
    assertEquals(1, scheduler.runOnce());
    assertEquals(List.of(List.of(2)), doubler.batches);
    assertEquals(4, b.result().join());
  }

  @Test
  void cancellingACompletedItemKeepsItsResult() {
    var scheduler = manual(1, 0, 64);
    var a = scheduler.schedule(21);
    assertEquals(1, scheduler.runOnce());
    assertFalse(a.cancel());
    assertEquals(42, a.result().join());
  }

  @Test
  void processorFailureFailsEveryItemOfTheBatchWithTheCause() {
    IllegalStateException boom = new IllegalStateException("boom");
    var scheduler =
        BatchScheduler.<Integer, Integer>manual(
            "t",
            new BatchOptions(2, 0, 8, 1),
            batch -> {
              throw boom;
            },
            clock);
    var a = scheduler.schedule(1);
    var b = scheduler.schedule(2);
    assertEquals(2, scheduler.runOnce());
    assertSame(boom, assertInstanceOf(BatchFailedException.class, failureOf(a)).getCause());
    assertSame(boom, assertInstanceOf(BatchFailedException.class, failureOf(b)).getCause());
  }

  @Test
  void processorReturningTheWrongNumberOfResultsFailsTheItems() {
    var scheduler =
        BatchScheduler.<Integer, Integer>manual(
            "t", new BatchOptions(2, 0, 8, 1), batch -> List.of(1), clock);
    var a = scheduler.schedule(1);
    scheduler.schedule(2);
    scheduler.runOnce();
    Throwable failure = failureOf(a);
    assertInstanceOf(BatchFailedException.class, failure);
    assertTrue(
        failure.getMessage().contains("processor returned 1 results for a batch of 2"),
        failure.getMessage());
  }

  @Test
  void shutdownRejectsNewItemsButFlushesQueuedOnesWithoutWaiting() {
    var scheduler = manual(8, 1_000, 64);
    var a = scheduler.schedule(1);
    scheduler.shutdown();
    assertThrows(SchedulerClosedException.class, () -> scheduler.schedule(2));
    assertEquals(1, scheduler.runOnce());
    assertEquals(2, a.result().join());
  }

  @Test
  void concurrentCallersShareBatchesAndEachGetsItsOwnResult() throws Exception {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    BatchListener listener =
        new BatchListener() {
          @Override
          public void batchRan(int size, long executionNanos) {
            sizes.add(size);
          }
        };
    BatchProcessor<Integer, Integer> slowDoubler =
        batch -> {
          Thread.sleep(5);
          return doubler.process(batch);
        };
    try (var scheduler =
        BatchScheduler.start(
            "t", new BatchOptions(16, 2_000, 256, 1), slowDoubler, NanoClock.SYSTEM, listener)) {
      List<Thread> callers = new ArrayList<>();
      List<Ticket<Integer>> tickets = new CopyOnWriteArrayList<>();
      AtomicInteger wrong = new AtomicInteger();
      for (int i = 0; i < 64; i++) {
        int input = i;
        callers.add(
            startThread(
                () -> {
                  Ticket<Integer> t = scheduler.schedule(input);
                  tickets.add(t);
                  if (t.result().join() != 2 * input) {
                    wrong.incrementAndGet();
                  }
                }));
      }
      for (Thread caller : callers) {
        caller.join(10_000);
      }
      assertEquals(0, wrong.get());
      assertEquals(64, sizes.stream().mapToInt(Integer::intValue).sum());
      assertTrue(sizes.size() < 64, "64 items ran in " + sizes.size() + " batches: " + sizes);
      assertTrue(sizes.stream().allMatch(s -> s <= 16), sizes.toString());
    }
  }

  @Test
  void batchThreadsRunBatchesConcurrently() throws Exception {
    CountDownLatch bothRunning = new CountDownLatch(2);
    BatchProcessor<Integer, Integer> waitsForTheOther =
        batch -> {
          bothRunning.countDown();
          if (!bothRunning.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the second batch never ran concurrently");
          }
          return batch.inputs();
        };
    try (var scheduler =
        BatchScheduler.start(
            "t",
            new BatchOptions(1, 0, 8, 2),
            waitsForTheOther,
            NanoClock.SYSTEM,
            BatchListener.NONE)) {
      var a = scheduler.schedule(1);
      var b = scheduler.schedule(2);
      assertEquals(1, a.result().get(10, TimeUnit.SECONDS));
      assertEquals(2, b.result().get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void scheduleNeverBlocksWhileABatchIsRunning() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BatchProcessor<Integer, Integer> blocked =
        batch -> {
          release.await();
          return batch.inputs();
        };
    try (var scheduler =
        BatchScheduler.start(
            "t", new BatchOptions(1, 0, 4, 1), blocked, NanoClock.SYSTEM, BatchListener.NONE)) {
      scheduler.schedule(0);
      long start = System.nanoTime();
      int accepted = 0;
      int rejected = 0;
      for (int i = 0; i < 100; i++) {
        try {
          scheduler.schedule(i);
          accepted++;
        } catch (QueueFullException e) {
          rejected++;
        }
      }
      long elapsedMillis = (System.nanoTime() - start) / MS;
      release.countDown();
      assertTrue(elapsedMillis < 1_000, "100 schedule calls took " + elapsedMillis + " ms");
      assertTrue(
          accepted <= 4 && rejected >= 96, accepted + " accepted, " + rejected + " rejected");
    }
  }

  @Test
  void aLoneItemWaitsAboutTheBatchTimeoutNotLonger() throws Exception {
    try (var scheduler =
        BatchScheduler.start(
            "t",
            new BatchOptions(8, 30_000, 8, 1),
            doubler,
            NanoClock.SYSTEM,
            BatchListener.NONE)) {
      long start = System.nanoTime();
      assertEquals(6, scheduler.schedule(3).result().get(10, TimeUnit.SECONDS));
      long waitedMillis = (System.nanoTime() - start) / MS;
      assertTrue(
          waitedMillis >= 29, "dispatched after " + waitedMillis + " ms, before the timeout");
      assertTrue(waitedMillis < 2_000, "dispatched after " + waitedMillis + " ms");
    }
  }

  @Test
  void listenerSeesQueueWaitsExpiriesAndRejections() {
    List<String> events = new CopyOnWriteArrayList<>();
    BatchListener listener =
        new BatchListener() {
          @Override
          public void itemDequeued(long queueWaitNanos) {
            events.add("dequeued " + queueWaitNanos / MS + "ms");
          }

          @Override
          public void itemRejected() {
            events.add("rejected");
          }

          @Override
          public void itemExpired() {
            events.add("expired");
          }

          @Override
          public void batchRan(int size, long executionNanos) {
            events.add("ran " + size);
          }
        };
    var scheduler =
        BatchScheduler.manual("t", new BatchOptions(2, 3_000, 2, 1), doubler, clock, listener);
    scheduler.schedule(1, clock.nanoTime() + MS);
    scheduler.schedule(2);
    assertThrows(QueueFullException.class, () -> scheduler.schedule(3));
    clock.advanceMillis(3);
    scheduler.runOnce();
    assertEquals(List.of("rejected", "expired", "dequeued 3ms", "ran 1"), events);
  }

  @Test
  void idleSchedulerDispatchesALoneItemWithoutWaitingForTheTimeout() throws Exception {
    var scheduler =
        BatchScheduler.manual("idle", new BatchOptions(8, 1_000_000, 64, 1, true), doubler, clock);
    Ticket<Integer> ticket = scheduler.schedule(21);
    assertEquals(1, scheduler.runOnce());
    assertEquals(42, ticket.result().get());
  }

  @Test
  void itemsArrivingWhileABatchRunsFormTheNextBatchAsSoonAsItEnds() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    BatchProcessor<Integer, Integer> blocking =
        batch -> {
          sizes.add(batch.size());
          running.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return batch.inputs();
        };
    try (var scheduler =
        BatchScheduler.start(
            "busy",
            new BatchOptions(8, 30_000_000, 64, 1, true),
            blocking,
            NanoClock.SYSTEM,
            BatchListener.NONE)) {
      Ticket<Integer> first = scheduler.schedule(1);
      assertTrue(running.await(10, TimeUnit.SECONDS), "a lone item on an idle model waited");
      List<Ticket<Integer>> behind = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        behind.add(scheduler.schedule(10 + i));
      }
      long start = System.nanoTime();
      release.countDown();
      first.result().get(10, TimeUnit.SECONDS);
      for (Ticket<Integer> t : behind) {
        t.result().get(10, TimeUnit.SECONDS);
      }
      long millis = (System.nanoTime() - start) / MS;
      assertTrue(millis < 5_000, "queued items waited " + millis + " ms for the 30 s timeout");
      assertEquals(List.of(1, 5), sizes);
    }
  }

  private final AtomicInteger preparing = new AtomicInteger();

  private BatchScheduler<Integer, Integer> idleWithPreparingWait(long preparingWaitMillis) {
    return BatchScheduler.manual(
        "prep",
        new BatchOptions(8, 1_000, 64, 1, true, preparingWaitMillis * 1_000),
        doubler,
        clock,
        preparing::get);
  }

  @Test
  void idleSchedulerWaitsForAnItemStillBeingPreparedAndBatchesItWithTheFirst() throws Exception {
    var scheduler = idleWithPreparingWait(25);
    preparing.set(2); // two items are being decoded
    Ticket<Integer> first = scheduler.schedule(1);
    preparing.decrementAndGet(); // the first's preparation had ended before it was scheduled
    assertEquals(0, scheduler.runOnce(), "dispatched while another item was on its way");
    clock.advanceMillis(5);
    preparing.decrementAndGet();
    Ticket<Integer> second = scheduler.schedule(2);
    assertEquals(2, scheduler.runOnce());
    assertEquals(List.of(List.of(1, 2)), doubler.batches);
    assertEquals(2, first.result().get());
    assertEquals(4, second.result().get());
  }

  @Test
  void waitForItemsBeingPreparedEndsAfterThePreparingWait() {
    var scheduler = idleWithPreparingWait(25);
    preparing.set(3); // preparations that never reach this queue (decode errors, say)
    scheduler.schedule(1);
    clock.advanceMillis(24);
    assertEquals(0, scheduler.runOnce());
    clock.advanceMillis(1);
    assertEquals(1, scheduler.runOnce());
  }

  @Test
  void arrivalOfThePreparedItemWakesTheWaitingBatchThread() throws Exception {
    AtomicInteger onItsWay = new AtomicInteger(1);
    try (var scheduler =
        BatchScheduler.start(
            "wake",
            new BatchOptions(8, 1_000, 64, 1, true, 30_000_000),
            doubler,
            NanoClock.SYSTEM,
            BatchListener.NONE,
            onItsWay::get)) {
      Ticket<Integer> first = scheduler.schedule(1);
      Thread.sleep(50);
      assertFalse(first.result().isDone(), "dispatched while an item was being prepared");
      long start = System.nanoTime();
      onItsWay.set(0);
      Ticket<Integer> second = scheduler.schedule(2);
      second.result().get(10, TimeUnit.SECONDS);
      long millis = (System.nanoTime() - start) / MS;
      assertTrue(millis < 5_000, "the batch thread slept " + millis + " ms after the arrival");
      assertEquals(List.of(List.of(1, 2)), doubler.batches);
      assertEquals(2, first.result().get());
    }
  }

  /**
   * Two batch threads on a fake clock: a first batch that takes {@code firstBatchMillis} of clock
   * time teaches the scheduler its mean batch time; then batch A blocks in the model, item B
   * arrives while another item is still being prepared, and the clock moves past the batch timeout.
   * B is watched for {@code watchMillis} (or until it completes) while A is held. Returns how many
   * batches ran at once at most in that time. (Afterwards the test says nothing more is on its way,
   * so B may start beside A's last instants under the timeout rule; that is not counted.)
   */
  private int mostBatchesAtOnce(long firstBatchMillis, long watchMillis) throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch aRunning = new CountDownLatch(1);
    CountDownLatch releaseA = new CountDownLatch(1);
    BatchProcessor<Integer, Integer> model =
        batch -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            int first = batch.inputs().get(0);
            if (first == 0) {
              clock.advanceMillis(firstBatchMillis);
            } else if (first == 1) {
              aRunning.countDown();
              releaseA.await();
            }
            return batch.inputs();
          } finally {
            running.decrementAndGet();
          }
        };
    try (var scheduler =
        BatchScheduler.start(
            "overlap",
            new BatchOptions(8, 1_000, 64, 2, true, 25_000),
            model,
            clock,
            BatchListener.NONE,
            preparing::get)) {
      scheduler.schedule(0).result().get(10, TimeUnit.SECONDS);
      Ticket<Integer> a = scheduler.schedule(1);
      assertTrue(aRunning.await(10, TimeUnit.SECONDS));
      preparing.set(1); // another item is being decoded while B waits
      Ticket<Integer> b = scheduler.schedule(2);
      clock.advanceMillis(2); // past the 1 ms batch timeout
      long until = System.nanoTime() + watchMillis * MS; // while A is held in the model
      while (!b.result().isDone() && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      boolean bRanBesideA = b.result().isDone();
      int mostWhileAHeld = most.get();
      preparing.set(0); // that item failed to decode: nothing more is on its way
      releaseA.countDown();
      a.result().get(10, TimeUnit.SECONDS);
      b.result().get(10, TimeUnit.SECONDS);
      assertEquals(bRanBesideA, mostWhileAHeld == 2);
      return mostWhileAHeld;
    }
  }

  @Test
  void aPartialBatchWaitsForAShortRunningBatchInsteadOfRunningBesideIt() throws Exception {
    // batches take 5 ms: B is still queued 200 ms later, and joins the idle model after A
    assertEquals(1, mostBatchesAtOnce(5, 200));
  }

  @Test
  void aPartialBatchRunsBesideALongRunningBatchAfterTheTimeout() throws Exception {
    assertEquals(2, mostBatchesAtOnce(100, 10_000)); // batches take 100 ms: B starts beside A
  }
}
