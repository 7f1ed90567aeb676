package dev.clipstream.tokenizer;

import java.util.Arrays;

/**
 * One tokenised text, exactly as {@code clip.tokenize(text, context_length, truncate=True)[0]}.
 *
 * @param ids the token ids, zero-padded to the context length: start-of-text, the BPE ids,
 *     end-of-text, then zeros
 * @param length the number of non-pad tokens (start and end tokens included); note that id 0 is
 *     also the real token {@code !}, so count with this field, never by looking for zeros
 * @param truncated whether the untruncated sequence was longer than the context length, in which
 *     case {@code ids} holds its first tokens with the last position overwritten by end-of-text
 */
public record TokenizedText(int[] ids, int length, boolean truncated) {
  public TokenizedText {
    if (ids == null) {
      throw new IllegalArgumentException("ids must not be null");
    }
    if (length < 0 || length > ids.length) {
      throw new IllegalArgumentException(
          "length " + length + " is outside 0.." + ids.length + " (the ids array length)");
    }
    ids = ids.clone();
  }

  /** A copy of the ids (the record keeps its own array private). */
  @Override
  public int[] ids() {
    return ids.clone();
  }

  /** The id at {@code position}, without copying the array. */
  public int id(int position) {
    return ids[position];
  }

  /** The context length (the size of {@link #ids()}). */
  public int contextLength() {
    return ids.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenizedText t
        && length == t.length
        && truncated == t.truncated
        && Arrays.equals(ids, t.ids);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(ids) + length) + Boolean.hashCode(truncated);
  }

  @Override
  public String toString() {
    return "TokenizedText[ids="
        + Arrays.toString(Arrays.copyOf(ids, length))
        + " + "
        + (ids.length - length)
        + " pad, length="
        + length
        + ", truncated="
        + truncated
        + "]";
  }
}
