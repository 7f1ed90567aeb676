package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.model.Embeddings;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RankingServiceTest {
  private final ServiceFixture f = new ServiceFixture();
  private final CallContext call = CallContext.withoutDeadline();

  @AfterEach
  void close() throws Exception {
    f.close();
  }

  @Test
  void candidatesAreSortedByCosineWithTheQuery() {
    List<String> candidates = List.of("apple", "banana", "cherry", "apple pie");
    var ranked = f.ranking.rank(f.model, "apple", null, candidates, List.of(), 0, call).join();
    assertEquals(4, ranked.size());
    assertEquals(0, ranked.get(0).index()); // the identical text
    assertEquals(1.0f, ranked.get(0).score(), 1e-5f);
    for (int i = 1; i < ranked.size(); i++) {
      assertTrue(ranked.get(i - 1).score() >= ranked.get(i).score());
    }
    float[] q =
        Embeddings.normalized(
            f.embeddings.encodeText(f.model, "apple", false, call).join().embedding());
    float[] c =
        Embeddings.normalized(
            f.embeddings.encodeText(f.model, "cherry", false, call).join().embedding());
    float expected = Embeddings.dot(q, c);
    float got = ranked.stream().filter(r -> r.index() == 2).findFirst().orElseThrow().score();
    assertEquals(expected, got, 1e-6f);
  }

  @Test
  void topKKeepsTheBest() {
    var ranked =
        f.ranking.rank(f.model, "a", null, List.of("a", "b", "c"), List.of(), 1, call).join();
    assertEquals(1, ranked.size());
  }

  @Test
  void missingQueryOrMixedCandidatesAreInvalidNamingTheField() {
    assertEquals(
        "query",
        assertThrows(
                ClipServiceException.class,
                () -> f.ranking.rank(f.model, null, null, List.of("a"), List.of(), 0, call))
            .field());
    assertEquals(
        "candidates",
        assertThrows(
                ClipServiceException.class,
                () -> f.ranking.rank(f.model, "q", null, List.of(), List.of(), 0, call))
            .field());
  }
}
