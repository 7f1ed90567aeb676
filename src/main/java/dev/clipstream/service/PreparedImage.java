package dev.clipstream.service;

/** A decoded, resized image waiting for its batch; it writes its normalised pixels on demand. */
@FunctionalInterface
public interface PreparedImage {
  /** Writes the normalised {@code [3, R, R]} floats into {@code dest} at {@code offset}. */
  void writeInto(float[] dest, int offset);
}
