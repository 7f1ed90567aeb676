package dev.clipstream.batching;

/**
 * Why an item did not get a result. Every failure the scheduler reports is one of these subtypes,
 * so callers can map each to a precise status without parsing messages.
 */
public abstract sealed class BatchingException extends RuntimeException
    permits QueueFullException,
        DeadlineExpiredException,
        ItemCancelledException,
        SchedulerClosedException,
        BatchFailedException {
  BatchingException(String message, Throwable cause) {
    super(message, cause);
  }
}
