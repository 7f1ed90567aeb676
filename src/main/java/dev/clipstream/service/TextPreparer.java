package dev.clipstream.service;

/** Port: turns a text into the model's token ids. Thread-safe; CPU-bound, run on the pool. */
@FunctionalInterface
public interface TextPreparer {
  /** Tokenises one text; never fails for any string (long texts are truncated, as CLIP does). */
  PreparedText prepare(String text);
}
