package dev.clipstream.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The server's lifecycle: STARTING (models loading and warming) → SERVING → DRAINING. Calls are
 * accepted only while SERVING; in-flight calls are counted so that draining can wait for them.
 */
public final class ServingState {
  /** Lifecycle phases. */
  public enum Phase {
    STARTING,
    SERVING,
    DRAINING
  }

  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object drained = new Object();
  private volatile Consumer<Phase> onChange = p -> {};

  public Phase phase() {
    return phase.get();
  }

  public boolean isServing() {
    return phase.get() == Phase.SERVING;
  }

  /** Called on every phase change (e.g. to update grpc.health.v1). */
  public void onChange(Consumer<Phase> listener) {
    this.onChange = listener;
    listener.accept(phase.get());
  }

  /** Models are loaded and warm. Ignored once draining. */
  public void markServing() {
    if (phase.compareAndSet(Phase.STARTING, Phase.SERVING)) {
      onChange.accept(Phase.SERVING);
    }
  }

  /**
   * Admits one call, which must later call {@link #exit()}.
   *
   * @throws ClipServiceException UNAVAILABLE while starting or draining
   */
  public void enter() {
    inFlight.incrementAndGet();
    Phase now = phase.get();
    if (now != Phase.SERVING) {
      exit();
      throw ClipServiceException.unavailable(
          now == Phase.STARTING
              ? "the server is starting: models are loading and warming up"
              : "the server is shutting down");
    }
  }

  /** Marks the end of an admitted call. */
  public void exit() {
    if (inFlight.decrementAndGet() == 0) {
      synchronized (drained) {
        drained.notifyAll();
      }
    }
  }

  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Refuses new calls from now on and waits up to {@code grace} for in-flight calls to finish.
   *
   * @return true when every in-flight call finished in time
   */
  public boolean drain(Duration grace) throws InterruptedException {
    if (phase.getAndSet(Phase.DRAINING) != Phase.DRAINING) {
      onChange.accept(Phase.DRAINING);
    }
    long end = System.nanoTime() + grace.toNanos();
    synchronized (drained) {
      while (inFlight.get() > 0) {
        long leftMillis = (end - System.nanoTime()) / 1_000_000;
        if (leftMillis <= 0) {
          return false;
        }
        drained.wait(leftMillis);
      }
    }
    return true;
  }
}
