package dev.clipstream.service;

import io.micrometer.core.instrument.Counter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * LRU cache of normalised text embeddings keyed by (model, text), so that labels and prompts used
 * by many classify calls and frame-tagging streams are encoded once.
 *
 * <p>Entries are futures, so concurrent misses of one key share a single encoding (a "single
 * flight"): when hundreds of tagging streams open at once with the same labels, each label is
 * queued once, not once per stream. A failed encoding is dropped, so the next caller retries.
 */
public final class LabelEmbeddingCache {
  private record Key(String model, String text) {}

  private final int maxEntries;
  private final Counter hits;
  private final Counter misses;

  // @GuardedBy("this")
  private final LinkedHashMap<Key, CompletableFuture<float[]>> entries;

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
          protected boolean removeEldestEntry(Map.Entry<Key, CompletableFuture<float[]>> eldest) {
            return size() > LabelEmbeddingCache.this.maxEntries;
          }
        };
  }

  /**
   * The embedding of {@code text} under {@code model}: the cached or in-flight one (a hit), else
   * the one {@code encode} starts (a miss). {@code encode} runs outside the lock and must not be
   * tied to one caller's cancellation, since other callers may come to share its result.
   */
  public CompletableFuture<float[]> get(
      String model, String text, Supplier<CompletableFuture<float[]>> encode) {
    Key key = new Key(model, text);
    CompletableFuture<float[]> shared;
    synchronized (this) {
      CompletableFuture<float[]> existing = entries.get(key);
      if (existing != null) {
        hits.increment();
        return existing;
      }
      misses.increment();
      shared = new CompletableFuture<>();
      entries.put(key, shared);
    }
    CompletableFuture<float[]> encoding;
    try {
      encoding = encode.get();
    } catch (RuntimeException e) {
      encoding = CompletableFuture.failedFuture(e);
    }
    encoding.whenComplete(
        (embedding, error) -> {
          if (error != null) {
            forget(key, shared);
            shared.completeExceptionally(error);
          } else {
            shared.complete(embedding);
          }
        });
    return shared;
  }

  private synchronized void forget(Key key, CompletableFuture<float[]> failed) {
    entries.remove(key, failed);
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
