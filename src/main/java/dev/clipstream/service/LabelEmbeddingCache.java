package dev.clipstream.service;

import io.micrometer.core.instrument.Counter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LRU cache of normalised text embeddings keyed by (model, text), so that labels and prompts used
 * by many classify calls and frame-tagging streams are encoded once.
 */
public final class LabelEmbeddingCache {
  private record Key(String model, String text) {}

  private final int maxEntries;
  private final Counter hits;
  private final Counter misses;

  // @GuardedBy("this")
  private final LinkedHashMap<Key, float[]> entries;

  public LabelEmbeddingCache(int maxEntries, ServingMetrics metrics) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.hits = metrics.labelCacheCounter("hit");
    this.misses = metrics.labelCacheCounter("miss");
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, float[]> eldest) {
            return size() > LabelEmbeddingCache.this.maxEntries;
          }
        };
  }

  /** The cached embedding, or null; counts a hit or a miss. */
  public synchronized float[] get(String model, String text) {
    float[] value = entries.get(new Key(model, text));
    (value == null ? misses : hits).increment();
    return value;
  }

  public synchronized void put(String model, String text, float[] normalizedEmbedding) {
    entries.put(new Key(model, text), normalizedEmbedding);
  }

  public synchronized int size() {
    return entries.size();
  }

  public long hits() {
    return (long) hits.count();
  }

  public long misses() {
    return (long) misses.count();
  }
}
