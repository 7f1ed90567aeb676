package dev.clipstream.batching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * Dynamic batching: groups items scheduled by many callers into batches and runs each batch with
 * one call of a {@link BatchProcessor} (one model call per batch instead of one per item).
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li>{@link #schedule} never blocks. It appends the item to one FIFO queue and returns a {@link
 *       Ticket}; when the queue already holds {@code maxQueuedItems} it throws {@link
 *       QueueFullException} at once, with a retry hint derived from the measured drain rate.
 *   <li>{@code numBatchThreads} threads pull from the queue. A free thread asks the pure function
 *       {@link BatchPolicy#decide} what to do: dispatch when {@code maxBatchSize} items are queued
 *       or the oldest has waited {@code batchTimeoutMicros}; otherwise sleep until that moment or
 *       until a new item arrives. Forming a batch (under the lock) is separate from running it
 *       (outside the lock), so items keep arriving while a batch runs.
 *   <li>With {@code dispatchWhenIdle}, a thread that finds no batch running dispatches at once,
 *       unless items are still being prepared for the queue (the {@code itemsPreparing} count):
 *       then it waits for them, up to {@code preparingWaitMicros} after the oldest item arrived. A
 *       thread that finds a batch running which is expected to end within {@code
 *       preparingWaitMicros} (its dispatch time plus the mean batch time), while items are being
 *       prepared, waits for that end, within the same bound, instead of running a partial batch
 *       beside it.
 *   <li>{@link #scheduleOrRunIfIdle}, with {@code runIdleBatchOnCaller}: on an idle scheduler (no
 *       batch running, nothing queued) where {@link BatchPolicy#decide} says to dispatch the new
 *       item at once (with {@code dispatchWhenIdle}: nothing is being prepared), the calling thread
 *       runs that batch of one itself and returns when it has ended. It holds one of the {@code
 *       numBatchThreads} slots while it runs. Otherwise it is {@link #schedule}.
 *   <li>{@link #scheduleAll} queues one caller's items under one lock hold, all or none, so a batch
 *       thread never takes part of them alone.
 *   <li>Batches take items from the head of the queue, in arrival order. Items from different
 *       callers share batches.
 *   <li>Deadlines: an item whose deadline (a clock reading) has passed when its batch is formed is
 *       dropped without running and fails with {@link DeadlineExpiredException}. Items are never
 *       dropped after they entered a batch: a running model call cannot be interrupted.
 *   <li>Cancellation: {@link Ticket#cancel} removes a queued item at once; an item already in a
 *       running batch runs, and its result is discarded.
 *   <li>{@link #shutdown}: new items fail with {@link SchedulerClosedException}; queued items are
 *       flushed in batches without waiting for the timeout; threads exit once the queue is empty.
 * </ul>
 *
 * <h2>Invariants</h2>
 *
 * <ul>
 *   <li>Every item's future completes exactly once (result, or a {@link BatchingException}).
 *   <li>{@code 1 <= batch size <= maxBatchSize}; {@code queue size <= maxQueuedItems}.
 *   <li>The processor is never called while holding the lock, and never with an empty batch.
 *   <li>At most {@code numBatchThreads} batches run at the same time.
 * </ul>
 *
 * <h2>Latency bound</h2>
 *
 * With B = maxBatchSize, T = the larger of batchTimeout and preparingWait, N = numBatchThreads and
 * E = the execution time of one full batch, an item that finds Q items ahead of it waits in the
 * queue at most about {@code T + ceil((Q + 1) / B) / N * E} (a partial batch never waits longer
 * than T once a thread is free; a full one never waits for the timer), and its end-to-end time adds
 * its own batch's E. At low load an item's added latency is therefore at most T, and a lone item on
 * an idle model waits not at all; at saturation the queue bound maxQueuedItems bounds the wait to
 * about {@code maxQueuedItems / B / N * E}.
 *
 * <h2>Time</h2>
 *
 * All decisions use the injected {@link NanoClock}, so tests can drive time; the blocking waits
 * themselves use real time, and tests with a fake clock use {@link #runOnce()} with no threads.
 */
public final class BatchScheduler<T, R> implements AutoCloseable {
  private static final long NO_DEADLINE = Long.MAX_VALUE;
  private static final long MAX_RETRY_HINT_MILLIS = 10_000;

  private final String name;
  private final BatchOptions options;
  private final BatchProcessor<T, R> processor;
  private final NanoClock clock;
  private final BatchListener listener;
  private final IntSupplier itemsPreparing;
  private final List<Thread> threads = new ArrayList<>();

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when an item arrives or the scheduler shuts down. */
  private final Condition changed = lock.newCondition();

  // @GuardedBy("lock")
  private final ArrayDeque<Item<T, R>> queue = new ArrayDeque<>();

  // @GuardedBy("lock")
  private boolean closed;

  /** Mirror of queue.size() for lock-free reads by metrics; written under the lock. */
  private volatile int queuedItems;

  // @GuardedBy("lock") when each batch formed and not yet finished was dispatched, oldest first
  private final List<Long> runningSince = new ArrayList<>();

  /**
   * Exponentially weighted mean execution time of a batch, for the retry hint and for when a
   * running batch is expected to end.
   */
  private volatile long meanBatchNanos;

  private BatchScheduler(
      String name,
      BatchOptions options,
      BatchProcessor<T, R> processor,
      NanoClock clock,
      BatchListener listener,
      IntSupplier itemsPreparing) {
    this.name = Objects.requireNonNull(name, "name");
    this.options = Objects.requireNonNull(options, "options");
    this.processor = Objects.requireNonNull(processor, "processor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.itemsPreparing = Objects.requireNonNull(itemsPreparing, "itemsPreparing");
  }

  /** Creates a scheduler and starts its {@code numBatchThreads} daemon threads. */
  public static <T, R> BatchScheduler<T, R> start(
      String name,
      BatchOptions options,
      BatchProcessor<T, R> processor,
      NanoClock clock,
      BatchListener listener) {
    return start(name, options, processor, clock, listener, () -> 0);
  }

  /**
   * As {@link #start(String, BatchOptions, BatchProcessor, NanoClock, BatchListener)}, with a count
   * of the items being prepared for this scheduler (see {@link BatchOptions#preparingWaitMicros}).
   * The caller must lower the count before it schedules the prepared item, so that the item's
   * arrival finds it already gone.
   */
  public static <T, R> BatchScheduler<T, R> start(
      String name,
      BatchOptions options,
      BatchProcessor<T, R> processor,
      NanoClock clock,
      BatchListener listener,
      IntSupplier itemsPreparing) {
    BatchScheduler<T, R> scheduler =
        new BatchScheduler<>(name, options, processor, clock, listener, itemsPreparing);
    for (int i = 0; i < options.numBatchThreads(); i++) {
      Thread thread = new Thread(scheduler::runLoop, "batch-" + name + "-" + i);
      thread.setDaemon(true);
      scheduler.threads.add(thread);
    }
    scheduler.threads.forEach(Thread::start);
    return scheduler;
  }

  /**
   * Creates a scheduler without threads: batches run only when the caller calls {@link #runOnce()}.
   * For deterministic tests with a fake clock.
   */
  static <T, R> BatchScheduler<T, R> manual(
      String name, BatchOptions options, BatchProcessor<T, R> processor, NanoClock clock) {
    return manual(name, options, processor, clock, BatchListener.NONE);
  }

  /** As {@link #manual(String, BatchOptions, BatchProcessor, NanoClock)}, with a listener. */
  static <T, R> BatchScheduler<T, R> manual(
      String name,
      BatchOptions options,
      BatchProcessor<T, R> processor,
      NanoClock clock,
      BatchListener listener) {
    return new BatchScheduler<>(name, options, processor, clock, listener, () -> 0);
  }

  /** As {@link #manual(String, BatchOptions, BatchProcessor, NanoClock)}, with a count. */
  static <T, R> BatchScheduler<T, R> manual(
      String name,
      BatchOptions options,
      BatchProcessor<T, R> processor,
      NanoClock clock,
      IntSupplier itemsPreparing) {
    return new BatchScheduler<>(
        name, options, processor, clock, BatchListener.NONE, itemsPreparing);
  }

  public String name() {
    return name;
  }

  public BatchOptions options() {
    return options;
  }

  /** Items waiting in the queue (not counting running batches). */
  public int queuedItems() {
    return queuedItems;
  }

  /** Schedules an item with no deadline. */
  public Ticket<R> schedule(T input) {
    return schedule(input, NO_DEADLINE);
  }

  /**
   * Schedules an item. Never blocks.
   *
   * @param deadlineNanos clock reading after which the item must not start; {@code Long.MAX_VALUE}
   *     for none
   * @throws QueueFullException when maxQueuedItems are already queued
   * @throws SchedulerClosedException after {@link #shutdown}
   */
  public Ticket<R> schedule(T input, long deadlineNanos) {
    return enqueue(input, deadlineNanos, false);
  }

  /**
   * Schedules several items of one caller together: all are queued under one lock hold, so a batch
   * thread sees all of them or none, and they share a batch when they fit (queued one by one, a
   * thread woken by the first could take it alone). Never blocks.
   *
   * @param deadlineNanos as for {@link #schedule(Object, long)}, for every item
   * @return one ticket per input, in order
   * @throws QueueFullException when the items do not all fit under maxQueuedItems; none is queued
   * @throws SchedulerClosedException after {@link #shutdown}
   */
  public List<Ticket<R>> scheduleAll(List<T> inputs, long deadlineNanos) {
    inputs.forEach(input -> Objects.requireNonNull(input, "input"));
    List<Ticket<R>> tickets = new ArrayList<>(inputs.size());
    lock.lock();
    try {
      if (closed) {
        throw new SchedulerClosedException(name);
      }
      if (queue.size() + inputs.size() > options.maxQueuedItems()) {
        listener.itemRejected();
        throw new QueueFullException(name, options.maxQueuedItems(), retryHintMillis());
      }
      long now = clock.nanoTime();
      for (T input : inputs) {
        Item<T, R> item = new Item<>(this, input, now, deadlineNanos);
        queue.addLast(item);
        tickets.add(item);
      }
      queuedItems = queue.size();
      changed.signal();
    } finally {
      lock.unlock();
    }
    return tickets;
  }

  /**
   * As {@link #schedule}, except on an idle scheduler with {@code runIdleBatchOnCaller}: when no
   * batch is running, nothing else is queued and the policy says to dispatch this item at once
   * (with {@code dispatchWhenIdle}: nothing is being prepared), a batch thread would take it alone
   * at once, so its batch runs here, on the calling thread, before this returns (the ticket is then
   * complete). That saves waking a batch thread for it. While it runs it counts as one of the
   * {@code numBatchThreads} running batches, and items that arrive meanwhile queue and batch as
   * usual.
   *
   * <p>Blocks for a whole model call when it runs the batch: call it only from a thread that may
   * block (a worker, never an event loop).
   *
   * @throws QueueFullException when maxQueuedItems are already queued
   * @throws SchedulerClosedException after {@link #shutdown}
   */
  public Ticket<R> scheduleOrRunIfIdle(T input, long deadlineNanos) {
    return enqueue(input, deadlineNanos, options.runIdleBatchOnCaller());
  }

  private Ticket<R> enqueue(T input, long deadlineNanos, boolean mayRunHere) {
    Objects.requireNonNull(input, "input");
    Item<T, R> item;
    Formed<T, R> here = null; // the batch to run on this thread, if any
    List<Item<T, R>> expired = null;
    lock.lock();
    try {
      if (closed) {
        throw new SchedulerClosedException(name);
      }
      if (queue.size() >= options.maxQueuedItems()) {
        listener.itemRejected();
        throw new QueueFullException(name, options.maxQueuedItems(), retryHintMillis());
      }
      long now = clock.nanoTime();
      item = new Item<>(this, input, now, deadlineNanos);
      queue.addLast(item);
      if (mayRunHere && idleBatchOfOneDue(now)) {
        expired = new ArrayList<>(1);
        here = form(1, now, expired);
      } else {
        queuedItems = queue.size();
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
    if (here != null) {
      failExpired(expired);
      if (!here.items().isEmpty()) {
        run(here.items(), here.dispatchedNanos());
        signalBatchEnded();
      }
    }
    return item;
  }

  // Called with the lock held: with no batch running, would a batch thread take the lone queued
  // item at once? The same pure policy decides as for the batch threads.
  private boolean idleBatchOfOneDue(long now) {
    return runningSince.isEmpty()
        && queue.size() == 1
        && decide(now) instanceof BatchPolicy.Dispatch;
  }

  /** Wakes a batch thread that waits because every batch slot was taken (see nextBatch). */
  private void signalBatchEnded() {
    lock.lock();
    try {
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs at most one batch on the calling thread if the policy says to dispatch now. Only for
   * schedulers made with {@link #manual}.
   *
   * @return the size of the batch run, or 0 when the policy said to wait
   */
  int runOnce() {
    List<Item<T, R>> expired = new ArrayList<>();
    Formed<T, R> batch;
    try {
      batch = nextBatch(false, expired);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    failExpired(expired);
    if (batch == null || batch.items().isEmpty()) {
      return 0;
    }
    run(batch.items(), batch.dispatchedNanos());
    return batch.items().size();
  }

  /** Stops accepting items; queued items still run, without waiting for the batch timeout. */
  public void shutdown() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the batch threads to finish the queue and exit. */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long end = System.nanoTime() + unit.toNanos(timeout);
    for (Thread thread : threads) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedJoin(thread, left);
      if (thread.isAlive()) {
        return false;
      }
    }
    return true;
  }

  /** {@link #shutdown} and wait up to 30 s for the queue to drain. */
  @Override
  public void close() throws InterruptedException {
    shutdown();
    awaitTermination(30, TimeUnit.SECONDS);
  }

  private void runLoop() {
    List<Item<T, R>> expired = new ArrayList<>();
    while (true) {
      Formed<T, R> batch;
      try {
        batch = nextBatch(true, expired);
      } catch (InterruptedException e) {
        return;
      }
      failExpired(expired);
      expired.clear();
      if (batch == null) {
        return;
      }
      if (!batch.items().isEmpty()) {
        run(batch.items(), batch.dispatchedNanos());
      }
    }
  }

  /**
   * Forms the next batch under the lock.
   *
   * @param block wait as the policy says; when false, return an empty list instead of waiting
   * @param expiredSink receives items dropped because their deadline passed
   * @return the batch and its dispatch time; without items when only expired items were found (or
   *     not blocking); null when the scheduler is closed and empty, so the thread should exit
   */
  private Formed<T, R> nextBatch(boolean block, List<Item<T, R>> expiredSink)
      throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (runningSince.size() >= options.numBatchThreads()) {
          // A batch run by a caller (scheduleOrRunIfIdle) holds the last slot; it signals its end.
          if (!block) {
            return new Formed<>(List.of(), clock.nanoTime());
          }
          changed.await();
          continue;
        }
        long now = clock.nanoTime();
        BatchPolicy.Decision decision = decide(now);
        if (decision instanceof BatchPolicy.Dispatch dispatch) {
          Formed<T, R> formed = form(dispatch.size(), now, expiredSink);
          if (!formed.items().isEmpty() || !expiredSink.isEmpty()) {
            return formed;
          }
          continue;
        }
        if (!block) {
          return new Formed<>(List.of(), now);
        }
        if (decision instanceof BatchPolicy.WaitFor waitFor) {
          changed.awaitNanos(waitFor.nanos());
        } else if (closed) {
          return null;
        } else {
          changed.await();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  // Called with the lock held: what the policy says about the queue as it is now.
  private BatchPolicy.Decision decide(long now) {
    Item<T, R> oldest = queue.peekFirst();
    return BatchPolicy.decide(
        queue.size(),
        oldest == null ? now : oldest.enqueuedNanos,
        now,
        options.maxBatchSize(),
        options.batchTimeoutNanos(),
        closed,
        options.dispatchWhenIdle() && runningSince.isEmpty(),
        itemsPreparing.getAsInt(),
        options.preparingWaitNanos(),
        options.dispatchWhenIdle() ? runningEndsInNanos(now) : Long.MAX_VALUE);
  }

  /** The items of a batch and the clock reading when it was dispatched. */
  private record Formed<T, R>(List<Item<T, R>> items, long dispatchedNanos) {}

  // Called with the lock held: takes up to size live items and marks their batch as running.
  private Formed<T, R> form(int size, long now, List<Item<T, R>> expiredSink) {
    List<Item<T, R>> items = takeLive(size, now, expiredSink);
    if (!items.isEmpty()) {
      runningSince.add(now);
    }
    return new Formed<>(items, now);
  }

  // Called with the lock held.
  private long runningEndsInNanos(long now) {
    long mean = meanBatchNanos;
    if (runningSince.isEmpty() || mean == 0) {
      return Long.MAX_VALUE;
    }
    return runningSince.get(0) + mean - now;
  }

  // Called with the lock held.
  private List<Item<T, R>> takeLive(int size, long now, List<Item<T, R>> expiredSink) {
    List<Item<T, R>> items = new ArrayList<>(size);
    while (items.size() < size && !queue.isEmpty()) {
      Item<T, R> item = queue.pollFirst();
      if (item.deadlineNanos != NO_DEADLINE && now - item.deadlineNanos >= 0) {
        item.expiredAfterNanos = now - item.enqueuedNanos;
        expiredSink.add(item);
      } else {
        items.add(item);
      }
    }
    queuedItems = queue.size();
    return items;
  }

  private void failExpired(List<Item<T, R>> expired) {
    for (Item<T, R> item : expired) {
      listener.itemExpired();
      item.future.completeExceptionally(new DeadlineExpiredException(name, item.expiredAfterNanos));
    }
  }

  private void run(List<Item<T, R>> items, long dispatchedNanos) {
    long start = clock.nanoTime();
    List<T> inputs = new ArrayList<>(items.size());
    for (Item<T, R> item : items) {
      listener.itemDequeued(start - item.enqueuedNanos);
      inputs.add(item.input);
    }
    List<R> results = null;
    Throwable failure = null;
    try {
      results = processor.process(new Batch<>(inputs, start));
      if (results == null || results.size() != items.size()) {
        failure =
            new IllegalStateException(
                "processor returned "
                    + (results == null ? "null" : results.size() + " results")
                    + " for a batch of "
                    + items.size());
      }
    } catch (Throwable e) { // even an OutOfMemoryError must fail the items, not strand them
      failure = e;
    }
    long executionNanos = clock.nanoTime() - start;
    lock.lock();
    try {
      runningSince.remove(Long.valueOf(dispatchedNanos));
      long mean = meanBatchNanos;
      meanBatchNanos = mean == 0 ? executionNanos : mean + (executionNanos - mean) / 8;
    } finally {
      lock.unlock();
    }
    listener.batchRan(items.size(), executionNanos);
    for (int i = 0; i < items.size(); i++) {
      Item<T, R> item = items.get(i);
      item.timing = new ItemTiming(start - item.enqueuedNanos, executionNanos, items.size());
      CompletableFuture<R> future = item.future;
      if (failure != null) {
        future.completeExceptionally(new BatchFailedException(name, items.size(), failure));
      } else {
        future.complete(results.get(i));
      }
    }
  }

  /** Queued batches divided by threads, times the mean batch time: when there will be room. */
  private long retryHintMillis() {
    long batchesAhead = (queuedItems + options.maxBatchSize() - 1) / options.maxBatchSize();
    long nanos =
        Math.max(meanBatchNanos, options.batchTimeoutNanos())
            * batchesAhead
            / options.numBatchThreads();
    return Math.max(1, Math.min(MAX_RETRY_HINT_MILLIS, TimeUnit.NANOSECONDS.toMillis(nanos)));
  }

  private boolean remove(Item<T, R> item) {
    lock.lock();
    try {
      boolean removed = queue.removeFirstOccurrence(item);
      queuedItems = queue.size();
      return removed;
    } finally {
      lock.unlock();
    }
  }

  private static final class Item<T, R> implements Ticket<R> {
    final BatchScheduler<T, R> owner;
    final T input;
    final long enqueuedNanos;
    final long deadlineNanos;
    final CompletableFuture<R> future = new CompletableFuture<>();
    long expiredAfterNanos; // written and read under the owner's lock or after it
    volatile ItemTiming timing; // written by the batch thread before the future completes

    Item(BatchScheduler<T, R> owner, T input, long enqueuedNanos, long deadlineNanos) {
      this.owner = owner;
      this.input = input;
      this.enqueuedNanos = enqueuedNanos;
      this.deadlineNanos = deadlineNanos;
    }

    @Override
    public CompletableFuture<R> result() {
      return future;
    }

    @Override
    public ItemTiming timing() {
      return timing;
    }

    @Override
    public boolean cancel() {
      boolean removed = owner.remove(this);
      future.completeExceptionally(new ItemCancelledException(owner.name));
      return removed;
    }
  }

  /** For tests: the iteration order of the queue. */
  List<T> queuedInputs() {
    lock.lock();
    try {
      List<T> inputs = new ArrayList<>();
      for (Iterator<Item<T, R>> it = queue.iterator(); it.hasNext(); ) {
        inputs.add(it.next().input);
      }
      return inputs;
    } finally {
      lock.unlock();
    }
  }
}
