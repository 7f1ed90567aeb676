package dev.clipstream.tokenizer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded, thread-safe least-recently-used cache of BPE results (pre-token to ids). It is split
 * into independently locked stripes so that concurrent callers rarely contend; each stripe evicts
 * its own least recently used entry once it holds {@code capacity / stripes} entries, so the total
 * never exceeds {@link #capacity()}.
 *
 * <p>The reference keeps an unbounded dict; a server fed arbitrary text cannot, hence the bound.
 * Cached arrays are never handed out: callers copy from them.
 */
final class BpeCache {
  private static final int STRIPES = 16;
  private final Stripe[] stripes = new Stripe[STRIPES];
  private final int capacity;

  BpeCache(int capacity) {
    if (capacity < STRIPES) {
      throw new IllegalArgumentException(
          "BPE cache capacity must be at least " + STRIPES + " entries, got " + capacity);
    }
    int perStripe = capacity / STRIPES;
    this.capacity = perStripe * STRIPES;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe(perStripe);
    }
  }

  /** The most entries the cache ever holds. */
  int capacity() {
    return capacity;
  }

  /** How many entries it holds now. */
  int size() {
    int total = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        total += stripe.size();
      }
    }
    return total;
  }

  /**
   * The cached ids of {@code word}, computing and storing them on a miss. The computation runs
   * outside the lock, so two threads may both compute a missing word; both get equal results.
   */
  int[] get(String word, Function<String, int[]> compute) {
    Stripe stripe = stripes[(word.hashCode() * 0x9E3779B9 >>> 28) & (STRIPES - 1)];
    int[] ids;
    synchronized (stripe) {
      ids = stripe.get(word);
    }
    if (ids == null) {
      ids = compute.apply(word);
      synchronized (stripe) {
        stripe.put(word, ids);
      }
    }
    return ids;
  }

  private static final class Stripe extends LinkedHashMap<String, int[]> {
    private static final long serialVersionUID = 1L;
    private final int limit;

    Stripe(int limit) {
      super(16, 0.75f, true);
      this.limit = limit;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
      return size() > limit;
    }
  }
}
