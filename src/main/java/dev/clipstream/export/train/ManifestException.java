package dev.clipstream.export.train;

/** A training manifest that cannot be used; the message names the file and line. */
public final class ManifestException extends Exception {
  private static final long serialVersionUID = 1L;

  public ManifestException(String message) {
    super(message);
  }
}
