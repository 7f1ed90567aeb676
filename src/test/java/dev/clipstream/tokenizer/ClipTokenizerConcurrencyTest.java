package dev.clipstream.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One tokenizer shared by many threads, and the bound on its BPE cache. */
class ClipTokenizerConcurrencyTest {

  @Test
  void manyThreadsEncodingConcurrentlyGetTheSingleThreadedResults() throws Exception {
    List<OracleCases.Case> cases = OracleCases.cases();
    // A tiny cache keeps eviction busy while threads race on the same stripes.
    ClipTokenizer shared = OracleCases.tokenizer().withCacheEntries(64);
    ClipTokenizer reference = OracleCases.tokenizer().withCacheEntries(64);
    List<int[]> expected = new ArrayList<>();
    for (OracleCases.Case c : cases) {
      expected.add(reference.encode(c.text()).ids());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        int offset = thread * 17;
        results.add(
            pool.submit(
                () -> {
                  int checked = 0;
                  for (int round = 0; round < 20; round++) {
                    for (int i = 0; i < cases.size(); i++) {
                      int k = (i + offset + round) % cases.size();
                      assertArrayEquals(expected.get(k), shared.encode(cases.get(k).text()).ids());
                      checked++;
                    }
                  }
                  return checked;
                }));
      }
      int total = 0;
      for (Future<Integer> result : results) {
        total += result.get();
      }
      assertEquals(8 * 20 * cases.size(), total);
    } finally {
      pool.shutdownNow();
    }
    assertTrue(shared.cachedWords() <= 64);
  }

  @Test
  void cacheNeverHoldsMoreThanItsCapacity() {
    ClipTokenizer small = OracleCases.tokenizer().withCacheEntries(64);
    assertEquals(64, small.cacheCapacity());
    for (int i = 0; i < 5_000; i++) {
      small.encode("word" + Integer.toString(i, 26).replaceAll("[0-9]", "x") + " other" + i);
      assertTrue(small.cachedWords() <= 64, "cache grew to " + small.cachedWords());
    }
    assertTrue(small.cachedWords() > 0, "the cache is used");
  }

  @Test
  void cacheKeepsRecentlyUsedWordsAndGivesTheSameIds() {
    ClipTokenizer small = OracleCases.tokenizer().withCacheEntries(16);
    int[] first = small.encode("photograph").ids();
    for (int i = 0; i < 100; i++) {
      small.encode("filler" + (char) ('a' + i % 26) + (char) ('a' + i / 26));
    }
    assertArrayEquals(first, small.encode("photograph").ids());
  }

  @Test
  void cacheCapacityBelowTheStripeCountIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> OracleCases.tokenizer().withCacheEntries(3));
    assertTrue(e.getMessage().contains("got 3"), e.getMessage());
  }
}
