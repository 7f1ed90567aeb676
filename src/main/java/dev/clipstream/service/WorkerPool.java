package dev.clipstream.service;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The bounded pool that decodes, preprocesses and tokenises, so that this CPU work never runs on a
 * gRPC event loop and overlaps with model execution on the batch threads. A worker may also run the
 * model call of a lone item it prepared for an idle tower ({@link #mayRunModelCallHere}). A full
 * queue rejects at once (RESOURCE_EXHAUSTED with a retry hint) instead of blocking the caller.
 */
public final class WorkerPool implements AutoCloseable {
  private static final long RETRY_HINT_MILLIS = 50;
  private final ThreadPoolExecutor executor;

  /**
   * @param threads worker threads; 0 means one per available core
   * @param maxQueuedTasks tasks that may wait for a worker
   */
  public WorkerPool(int threads, int maxQueuedTasks) {
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    if (maxQueuedTasks < 1) {
      throw new IllegalArgumentException("maxQueuedTasks must be >= 1, got " + maxQueuedTasks);
    }
    AtomicInteger count = new AtomicInteger();
    executor =
        new ThreadPoolExecutor(
            n,
            n,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(maxQueuedTasks),
            r -> {
              Thread t = new WorkerThread(this, r, "clip-preprocess-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * Runs {@code task} on a worker unless the call is already cancelled or past its deadline; its
   * run time joins the call's {@link CallTiming} as preparation.
   */
  public <T> CompletableFuture<T> submit(Supplier<T> task, CallContext call) {
    return submitThen(task, CompletableFuture::completedFuture, call);
  }

  /**
   * As {@link #submit}, then {@code next} runs on the same worker with the task's result (outside
   * the prep time), and the returned future follows the one {@code next} returns. Unlike a
   * continuation attached to {@link #submit}'s future, which runs on the attaching thread when the
   * task has already finished, {@code next} always runs here, so {@link #mayRunModelCallHere} is
   * asked on the worker.
   */
  public <T, R> CompletableFuture<R> submitThen(
      Supplier<T> task, Function<T, CompletableFuture<R>> next, CallContext call) {
    CompletableFuture<R> result = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            CompletableFuture<R> after;
            try {
              call.checkActive();
              long start = System.nanoTime();
              T value = task.get();
              call.timing().recordPrep(System.nanoTime() - start);
              after = next.apply(value);
            } catch (Throwable e) { // delivered to the caller, who maps it to a status
              result.completeExceptionally(e);
              return;
            }
            after.whenComplete(
                (value, failure) -> {
                  if (failure != null) {
                    result.completeExceptionally(Futures.unwrap(failure));
                  } else {
                    result.complete(value);
                  }
                });
          });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(
          executor.isShutdown()
              ? ClipServiceException.unavailable("the preprocessing pool is shut down")
              : ClipServiceException.overloaded(
                  "the preprocessing queue is full (" + executor.getQueue().size() + " tasks)",
                  RETRY_HINT_MILLIS));
    }
    return result;
  }

  /**
   * Whether the calling thread may block on a model call: it is one of this pool's workers (never
   * an event loop) and no task waits for a worker, so blocking it delays no other call's
   * preparation. The batcher may then run an idle tower's lone item here ({@code
   * BatchScheduler.scheduleOrRunIfIdle}).
   */
  public boolean mayRunModelCallHere() {
    return Thread.currentThread() instanceof WorkerThread worker
        && worker.pool == this
        && executor.getQueue().isEmpty();
  }

  /** A thread of this pool, for {@link #mayRunModelCallHere}. */
  private static final class WorkerThread extends Thread {
    final WorkerPool pool;

    WorkerThread(WorkerPool pool, Runnable task, String name) {
      super(task, name);
      this.pool = pool;
    }
  }

  /** Tasks waiting for a worker. */
  public int queuedTasks() {
    return executor.getQueue().size();
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
