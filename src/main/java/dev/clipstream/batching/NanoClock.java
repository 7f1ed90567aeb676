package dev.clipstream.batching;

/**
 * A monotonic clock in nanoseconds, injectable so that tests can drive time. Readings are only
 * meaningful relative to each other, like {@link System#nanoTime()}.
 */
@FunctionalInterface
public interface NanoClock {
  /** The system's monotonic clock. */
  NanoClock SYSTEM = System::nanoTime;

  long nanoTime();
}
