package dev.clipstream.export;

/**
 * A checkpoint, config or model folder cannot be exported: missing key, shape mismatch, unsupported
 * dtype or architecture, corrupt file. The message names the problem and, where there is one, the
 * key.
 */
public final class CheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
