package dev.clipstream.batching;

/** The batch processor failed; every item of the batch gets this, with the processor's cause. */
public final class BatchFailedException extends BatchingException {
  public BatchFailedException(String scheduler, int batchSize, Throwable cause) {
    super("batch of " + batchSize + " in '" + scheduler + "' failed: " + cause, cause);
  }
}
