package dev.clipstream.service;

import dev.clipstream.tokenizer.ClipTokenizer;
import dev.clipstream.tokenizer.TokenizedText;

/** {@link TextPreparer} over CLIP's BPE tokenizer (long texts truncated as CLIP does). */
public final class ClipTextPreparer implements TextPreparer {
  private final ClipTokenizer tokenizer;
  private final int contextLength;

  public ClipTextPreparer(ClipTokenizer tokenizer, int contextLength) {
    if (contextLength < 2) {
      throw new IllegalArgumentException("contextLength must be >= 2, got " + contextLength);
    }
    this.tokenizer = tokenizer;
    this.contextLength = contextLength;
  }

  @Override
  public PreparedText prepare(String text) {
    TokenizedText tokens = tokenizer.encode(text, contextLength);
    return new PreparedText(tokens.ids(), tokens.length(), tokens.truncated());
  }
}
