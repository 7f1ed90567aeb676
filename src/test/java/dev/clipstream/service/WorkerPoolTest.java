package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
  private final CallContext call = CallContext.withoutDeadline();

  @Test
  void aThreadOutsideThePoolMayNotRunAModelCall() {
    try (WorkerPool pool = new WorkerPool(1, 4)) {
      assertFalse(pool.mayRunModelCallHere(), "an event loop, say, must never block on a model");
    }
  }

  @Test
  void aWorkerWithNoTaskWaitingMayRunAModelCall() {
    try (WorkerPool pool = new WorkerPool(1, 4)) {
      assertTrue(pool.submit(pool::mayRunModelCallHere, call).join());
    }
  }

  @Test
  void aWorkerOfAnotherPoolMayNot() {
    try (WorkerPool pool = new WorkerPool(1, 4);
        WorkerPool other = new WorkerPool(1, 4)) {
      assertFalse(other.submit(pool::mayRunModelCallHere, call).join());
    }
  }

  @Test
  void aWorkerMayNotWhileTasksWaitForAWorker() throws Exception {
    try (WorkerPool pool = new WorkerPool(1, 4)) {
      CountDownLatch queued = new CountDownLatch(1);
      var first =
          pool.submit(
              () -> {
                try {
                  queued.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return pool.mayRunModelCallHere();
              },
              call);
      var second = pool.submit(() -> true, call);
      queued.countDown();

      assertFalse(first.join(), "a model call here would delay the waiting task");
      assertTrue(second.join());
    }
  }

  @Test
  void whatFollowsATaskRunsOnTheSameWorker() {
    try (WorkerPool pool = new WorkerPool(1, 4)) {
      var names =
          pool.submitThen(
              () -> Thread.currentThread().getName(),
              first ->
                  CompletableFuture.completedFuture(
                      List.of(first, Thread.currentThread().getName())),
              call);

      List<String> both = names.join();
      assertTrue(both.get(0).startsWith("clip-preprocess-"), both.toString());
      assertEquals(both.get(0), both.get(1));
    }
  }

  @Test
  void aFailureOfWhatFollowsReachesTheCallerUnwrapped() {
    try (WorkerPool pool = new WorkerPool(1, 4)) {
      var failed =
          pool.submitThen(
              () -> 1,
              one ->
                  CompletableFuture.<Integer>failedFuture(
                      new CompletionException(ClipServiceException.overloaded("full", 5))),
              call);

      CompletionException e = assertThrows(CompletionException.class, failed::join);
      assertInstanceOf(ClipServiceException.class, e.getCause());
    }
  }
}
