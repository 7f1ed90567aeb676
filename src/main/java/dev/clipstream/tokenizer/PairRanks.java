package dev.clipstream.tokenizer;

/**
 * An immutable open-addressing hash map from a pair of token ids to its merge rank, so the BPE
 * inner loop looks up pairs without boxing. Built once, then only read (safe to share).
 */
final class PairRanks {
  private static final long EMPTY = -1L;
  private final long[] keys;
  private final int[] ranks;
  private final int mask;

  /** Builds the map; a pair listed twice keeps its last rank, as Python's {@code dict(zip())}. */
  PairRanks(int[] left, int[] right) {
    int capacity = Integer.highestOneBit(Math.max(4, left.length * 2 - 1)) << 1;
    keys = new long[capacity];
    ranks = new int[capacity];
    mask = capacity - 1;
    java.util.Arrays.fill(keys, EMPTY);
    for (int rank = 0; rank < left.length; rank++) {
      long key = key(left[rank], right[rank]);
      int slot = slot(key);
      while (keys[slot] != EMPTY && keys[slot] != key) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      ranks[slot] = rank;
    }
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | (b & 0xFFFFFFFFL);
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & mask;
  }

  /** The merge rank of the pair (a, b), or -1 when the pair never merges. */
  int rank(int a, int b) {
    long key = key(a, b);
    int slot = slot(key);
    while (true) {
      long k = keys[slot];
      if (k == key) {
        return ranks[slot];
      }
      if (k == EMPTY) {
        return -1;
      }
      slot = (slot + 1) & mask;
    }
  }
}
