package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.batching.BatchOptions;
import dev.clipstream.model.Embeddings;
import dev.clipstream.testing.TestImages;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddingServiceTest {
  private final ServiceFixture f = new ServiceFixture();
  private final CallContext call = CallContext.withoutDeadline();

  @AfterEach
  void close() throws Exception {
    f.close();
  }

  private static ClipServiceException failure(CompletableFuture<?> future) {
    CompletionException e = assertThrows(CompletionException.class, future::join);
    return (ClipServiceException) Futures.unwrap(e);
  }

  private float[] direct(String text) {
    PreparedText p = f.model.model().textPreparer().prepare(text);
    return f.model.model().textEncoder().encodeTexts(p.ids(), 1);
  }

  @Test
  void textEmbeddingsEqualOneByOneModelCallsInRequestOrder() {
    var results = f.embeddings.encodeTexts(f.model, List.of("a cat", "a dog"), false, call).join();
    assertArrayEquals(direct("a cat"), results.get(0).embedding());
    assertArrayEquals(direct("a dog"), results.get(1).embedding());
  }

  @Test
  void normalizeGivesUnitVectorsInTheSameDirection() {
    var result = f.embeddings.encodeTexts(f.model, List.of("a cat"), true, call).join().get(0);
    assertArrayEquals(Embeddings.normalized(direct("a cat")), result.embedding(), 1e-6f);
    assertEquals(1.0, Embeddings.dot(result.embedding(), result.embedding()), 1e-5);
  }

  @Test
  void longTextsAreTruncatedAndSaySo() {
    var results =
        f.embeddings.encodeTexts(f.model, List.of("short", "x".repeat(100)), false, call).join();
    assertFalse(results.get(0).truncated());
    assertEquals(7, results.get(0).tokenCount());
    assertTrue(results.get(1).truncated());
    assertEquals(16, results.get(1).tokenCount());
  }

  @Test
  void emptyTextListIsInvalidNamingTheField() {
    var e =
        assertThrows(
            ClipServiceException.class,
            () -> f.embeddings.encodeTexts(f.model, List.of(), false, call));
    assertEquals(ClipServiceException.Kind.INVALID_ARGUMENT, e.kind());
    assertEquals("texts", e.field());
  }

  @Test
  void tooManyTextsAreResourceExhaustedNamingTheLimit() {
    List<String> nine = java.util.Collections.nCopies(9, "t");
    var e =
        assertThrows(
            ClipServiceException.class, () -> f.embeddings.encodeTexts(f.model, nine, false, call));
    assertEquals(ClipServiceException.Kind.RESOURCE_EXHAUSTED, e.kind());
    assertEquals("texts: 9 items exceed the limit of 8 per request", e.getMessage());
  }

  @Test
  void imagesAreEncodedFromEncodedBytesAndRawPixelsAlike() {
    byte[] png = TestImages.solidPng(new Color(200, 100, 50), 5, 3);
    byte[] raw = new byte[2 * 2 * 3];
    for (int i = 0; i < raw.length; i += 3) {
      raw[i] = (byte) 200;
      raw[i + 1] = 100;
      raw[i + 2] = 50;
    }
    var results =
        f.embeddings
            .encodeImages(
                f.model,
                List.of(new ImageInput.Encoded(png), new ImageInput.Raw(raw, 2, 2)),
                false,
                call,
                "images")
            .join();
    assertArrayEquals(results.get(0), results.get(1), 1e-6f);
    assertEquals(200 / 255f, results.get(0)[0], 1e-6f);
  }

  @Test
  void undecodableImageIsInvalidNamingItsIndex() {
    byte[] png = TestImages.solidPng(Color.RED, 2, 2);
    var future =
        f.embeddings.encodeImages(
            f.model,
            List.of(new ImageInput.Encoded(png), new ImageInput.Encoded(new byte[] {1, 2, 3})),
            false,
            call,
            "images");
    var e = failure(future);
    assertEquals(ClipServiceException.Kind.INVALID_ARGUMENT, e.kind());
    assertEquals("images[1]", e.field());
  }

  @Test
  void rawPixelsOfTheWrongLengthAreInvalidNamingRgb8() {
    var e =
        assertThrows(
            ClipServiceException.class,
            () ->
                f.embeddings.encodeImages(
                    f.model,
                    List.of(new ImageInput.Raw(new byte[5], 2, 2)),
                    false,
                    call,
                    "images"));
    assertEquals("images[0].rgb8", e.field());
  }

  @Test
  void imageOverTheByteLimitIsResourceExhaustedBeforeDecoding() {
    var e =
        assertThrows(
            ClipServiceException.class,
            () ->
                f.embeddings.encodeImage(
                    f.model,
                    new ImageInput.Encoded(new byte[(1 << 20) + 1]),
                    false,
                    call,
                    "image"));
    assertEquals(ClipServiceException.Kind.RESOURCE_EXHAUSTED, e.kind());
    assertEquals("image", e.field());
  }

  @Test
  void concurrentCallsShareModelCallsAndGetTheSameResultsAsSingleCalls() throws Exception {
    try (var slow = new ServiceFixture(new BatchOptions(16, 20_000, 256, 1))) {
      slow.stats.textDelayMillis = 5;
      List<CompletableFuture<List<EmbeddingService.TextResult>>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        calls.add(slow.embeddings.encodeTexts(slow.model, List.of("text " + i), false, call));
      }
      for (int i = 0; i < 32; i++) {
        assertArrayEquals(direct("text " + i), calls.get(i).join().get(0).embedding());
      }
      assertEquals(32, slow.stats.textItems.get());
      assertTrue(
          slow.stats.textCalls.get() < 32,
          "32 texts took " + slow.stats.textCalls.get() + " model calls");
      double meanBatch = slow.meters.get("clip.batch.size").tag("tower", "text").summary().mean();
      assertTrue(meanBatch > 1, "mean batch size " + meanBatch);
    }
  }

  @Test
  void cancellingACallRemovesItsQueuedItemsSoTheyNeverRun() throws Exception {
    try (var waiting = new ServiceFixture(new BatchOptions(16, 60_000_000, 256, 1))) {
      CallContext cancelled = CallContext.withoutDeadline();
      var future =
          waiting.embeddings.encodeTexts(waiting.model, List.of("a", "b"), false, cancelled);
      long end = System.nanoTime() + 5_000_000_000L;
      while (cancelled.pendingItems() < 2 && System.nanoTime() < end) {
        Thread.sleep(1);
      }
      assertEquals(2, cancelled.pendingItems());
      cancelled.cancel();
      assertEquals(ClipServiceException.Kind.CANCELLED, failure(future).kind());
      assertEquals(0, cancelled.pendingItems());
      assertEquals(0, waiting.stats.textCalls.get());
    }
  }

  @Test
  void callPastItsDeadlineFailsWithDeadlineExceededAndNeverRuns() {
    CallContext expired = new CallContext(System.nanoTime() - 1);
    var e = failure(f.embeddings.encodeTexts(f.model, List.of("late"), false, expired));
    assertEquals(ClipServiceException.Kind.DEADLINE_EXCEEDED, e.kind());
    assertEquals(0, f.stats.textCalls.get());
  }

  @Test
  void itemsWhoseDeadlinePassesInTheQueueAreDroppedWithDeadlineExceeded() throws Exception {
    try (var waiting = new ServiceFixture(new BatchOptions(16, 200_000, 256, 1))) {
      CallContext shortDeadline = CallContext.withTimeoutNanos(50_000_000);
      var e =
          failure(
              waiting.embeddings.encodeTexts(waiting.model, List.of("x"), false, shortDeadline));
      assertEquals(ClipServiceException.Kind.DEADLINE_EXCEEDED, e.kind());
      assertEquals(0, waiting.stats.textCalls.get());
      assertEquals(
          1.0, waiting.meters.get("clip.queue.expired").tag("tower", "text").counter().count());
    }
  }

  @Test
  void fullBatchQueueIsOverloadWithARetryHint() throws Exception {
    try (var tiny = new ServiceFixture(new BatchOptions(1, 60_000_000, 1, 1))) {
      tiny.stats.textDelayMillis = 300;
      List<CompletableFuture<?>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        calls.add(tiny.embeddings.encodeTexts(tiny.model, List.of("t" + i), false, call));
      }
      long overloaded =
          calls.stream()
              .filter(
                  c -> {
                    try {
                      c.join();
                      return false;
                    } catch (CompletionException e) {
                      ClipServiceException ce = (ClipServiceException) Futures.unwrap(e);
                      return ce.kind() == ClipServiceException.Kind.RESOURCE_EXHAUSTED
                          && ce.retryAfterMillis() >= 1;
                    }
                  })
              .count();
      assertTrue(overloaded >= 1, "no call was refused for overload");
    }
  }
}
