package dev.clipstream.tokenizer;

import java.util.Arrays;

/**
 * Byte-pair merging of one pre-token, exactly as {@code SimpleTokenizer.bpe()}: repeatedly take the
 * adjacent pair with the lowest merge rank and merge every non-overlapping occurrence of it, left
 * to right, until no adjacent pair has a rank. Works on token ids instead of strings (every merge
 * result is itself a vocabulary token, so the two forms are equivalent). Stateless.
 */
final class BpeMerger {
  private BpeMerger() {}

  /**
   * Merges {@code count} symbols in place and returns how many remain (at the front of {@code
   * symbols}).
   */
  static int merge(Vocabulary vocabulary, int[] symbols, int count) {
    int n = count;
    while (n > 1) {
      int bestRank = Integer.MAX_VALUE;
      int first = -1;
      int second = -1;
      for (int i = 0; i + 1 < n; i++) {
        int rank = vocabulary.rank(symbols[i], symbols[i + 1]);
        if (rank >= 0 && rank < bestRank) {
          bestRank = rank;
          first = symbols[i];
          second = symbols[i + 1];
        }
      }
      if (first < 0) {
        break;
      }
      int merged = vocabulary.mergedId(bestRank);
      int out = 0;
      int i = 0;
      while (i < n) {
        if (i + 1 < n && symbols[i] == first && symbols[i + 1] == second) {
          symbols[out++] = merged;
          i += 2;
        } else {
          symbols[out++] = symbols[i++];
        }
      }
      n = out;
    }
    return n;
  }

  /**
   * The BPE ids of a whole word given as UTF-8 bytes: each byte becomes its symbol, the last one
   * marked end-of-word.
   */
  static int[] mergeWord(Vocabulary vocabulary, byte[] utf8, int from, int to, boolean wholeWord) {
    int n = to - from;
    int[] symbols = new int[n];
    for (int i = 0; i < n; i++) {
      symbols[i] = vocabulary.byteId(utf8[from + i]);
    }
    if (wholeWord && n > 0) {
      symbols[n - 1] = vocabulary.lastByteId(utf8[to - 1]);
    }
    return Arrays.copyOf(symbols, merge(vocabulary, symbols, n));
  }
}
