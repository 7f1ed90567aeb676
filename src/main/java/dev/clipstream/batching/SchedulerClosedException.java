package dev.clipstream.batching;

/** The scheduler is shut down and accepts no new items. */
public final class SchedulerClosedException extends BatchingException {
  public SchedulerClosedException(String scheduler) {
    super("batch scheduler '" + scheduler + "' is shut down", null);
  }
}
