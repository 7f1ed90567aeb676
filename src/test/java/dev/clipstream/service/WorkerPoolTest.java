package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
