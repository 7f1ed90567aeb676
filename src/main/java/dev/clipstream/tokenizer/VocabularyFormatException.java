package dev.clipstream.tokenizer;

import java.io.IOException;

/** A vocabulary or merges file that cannot be a CLIP BPE vocabulary; the message names why. */
public final class VocabularyFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public VocabularyFormatException(String message) {
    super(message);
  }
}
