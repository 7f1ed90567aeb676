package dev.clipstream.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/** Small helpers for combining futures. */
public final class Futures {
  private Futures() {}

  /**
   * All results in order; fails as soon as any one fails (without waiting for the others), so a bad
   * item is reported at once.
   */
  public static <T> CompletableFuture<List<T>> allAsList(List<CompletableFuture<T>> futures) {
    CompletableFuture<List<T>> all = new CompletableFuture<>();
    int n = futures.size();
    if (n == 0) {
      all.complete(List.of());
      return all;
    }
    List<T> results = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      results.add(null);
    }
    AtomicInteger left = new AtomicInteger(n);
    for (int i = 0; i < n; i++) {
      int index = i;
      futures
          .get(i)
          .whenComplete(
              (value, failure) -> {
                if (failure != null) {
                  all.completeExceptionally(unwrap(failure));
                  return;
                }
                synchronized (results) {
                  results.set(index, value);
                }
                if (left.decrementAndGet() == 0) {
                  synchronized (results) {
                    all.complete(List.copyOf(results));
                  }
                }
              });
    }
    return all;
  }

  /** The real failure inside a {@link CompletionException} wrapper. */
  public static Throwable unwrap(Throwable failure) {
    Throwable e = failure;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
