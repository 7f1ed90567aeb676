package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clipstream.model.Embeddings;
import dev.clipstream.testing.TestImages;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ZeroShotServiceTest {
  private final ServiceFixture f = new ServiceFixture();
  private final CallContext call = CallContext.withoutDeadline();
  private final ImageInput red = new ImageInput.Encoded(TestImages.solidPng(Color.RED, 3, 3));

  @AfterEach
  void close() throws Exception {
    f.close();
  }

  private float[] textEmbedding(String text) {
    return Embeddings.normalized(
        f.embeddings.encodeText(f.model, text, false, call).join().embedding());
  }

  @Test
  void labelEmbeddingsEnsembleTheTemplates() {
    var set = f.zeroShot.labelSet(f.model, List.of("cat"), List.of("a {}", "the {}"), call).join();
    float[] expected = ZeroShot.ensemble(List.of(textEmbedding("a cat"), textEmbedding("the cat")));
    assertArrayEquals(expected, set.embeddings().get(0), 1e-6f);
  }

  @Test
  void classificationScoresEveryLabelWithProbabilitiesSummingToOne() {
    var scores =
        f.zeroShot
            .classify(f.model, red, List.of("red", "green", "blue"), List.of(), 0, call)
            .join();
    assertEquals(3, scores.size());
    double sum = scores.stream().mapToDouble(LabelScore::probability).sum();
    assertEquals(1.0, sum, 1e-5);
    float[] image = f.embeddings.encodeImage(f.model, red, false, call, "image").join();
    float expectedCosine =
        Embeddings.dot(Embeddings.normalized(image), textEmbedding(scores.get(0).label()));
    assertEquals(expectedCosine, scores.get(0).cosine(), 1e-6f);
  }

  @Test
  void secondUseOfTheSameLabelsHitsTheCache() {
    f.zeroShot.classify(f.model, red, List.of("a", "b"), List.of("x {}"), 1, call).join();
    assertEquals(0, f.cache.hits());
    assertEquals(2, f.cache.misses());
    f.zeroShot.classify(f.model, red, List.of("a", "b"), List.of("x {}"), 1, call).join();
    assertEquals(2, f.cache.hits());
    assertEquals(2, f.stats.textItems.get());
  }

  @Test
  void concurrentCallsWithTheSameLabelsEncodeEachPromptOnce() {
    // 32 frame-tagging streams opening at once with the same labels: without coalescing every one
    // missed the cache and queued its own copies (bench: 256 streams x 16 labels overflowed the
    // text queue).
    f.stats.textDelayMillis = 50;
    List<CompletableFuture<ZeroShotService.LabelSet>> sets = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      sets.add(f.zeroShot.labelSet(f.model, List.of("a", "b"), List.of("x {}"), call));
    }
    float[] first = sets.get(0).join().embeddings().get(0);
    for (CompletableFuture<ZeroShotService.LabelSet> set : sets) {
      assertArrayEquals(first, set.join().embeddings().get(0));
    }
    assertEquals(2, f.stats.textItems.get());
  }

  @Test
  void aCancelledFirstCallerDoesNotFailOthersWaitingForTheSamePrompt() {
    f.stats.textDelayMillis = 50;
    CallContext cancelled = CallContext.withoutDeadline();
    var firstSet = f.zeroShot.labelSet(f.model, List.of("a"), List.of(), cancelled);
    cancelled.cancel();
    var second = f.zeroShot.labelSet(f.model, List.of("a"), List.of(), call).join();
    assertArrayEquals(textEmbedding("a"), second.embeddings().get(0), 1e-6f);
    firstSet.handle((r, e) -> null).join();
  }

  @Test
  void aFailedPromptEncodingIsNotCached() {
    ServiceLimits tight = new ServiceLimits(1 << 20, 1_000_000, 5, 8, 4, 16);
    WorkerPool closed = new WorkerPool(1, 1);
    closed.close();
    var failing =
        new ZeroShotService(new EmbeddingService(closed, tight), f.cache, tight)
            .labelSet(f.model, List.of("a"), List.of(), call);
    assertThrows(CompletionException.class, failing::join);
    var retried = f.zeroShot.labelSet(f.model, List.of("a"), List.of(), call).join();
    assertArrayEquals(textEmbedding("a"), retried.embeddings().get(0), 1e-6f);
  }

  @Test
  void moreLabelsThanTheLimitIsInvalidNamingLabels() {
    var e =
        assertThrows(
            ClipServiceException.class,
            () ->
                f.zeroShot.classify(f.model, red, Collections.nCopies(6, "l"), List.of(), 0, call));
    assertEquals(ClipServiceException.Kind.INVALID_ARGUMENT, e.kind());
    assertEquals("labels: 6 labels exceed the limit of 5", e.getMessage());
  }

  @Test
  void templateWithoutPlaceholderIsInvalidNamingIt() {
    var e =
        assertThrows(
            ClipServiceException.class,
            () -> f.zeroShot.classify(f.model, red, List.of("a"), List.of("{}", "oops"), 0, call));
    assertEquals("templates[1]", e.field());
  }

  @Test
  void emptyLabelsAreInvalid() {
    var e =
        assertThrows(
            ClipServiceException.class,
            () -> f.zeroShot.classify(f.model, red, List.of(), List.of(), 0, call));
    assertEquals("labels", e.field());
  }
}
