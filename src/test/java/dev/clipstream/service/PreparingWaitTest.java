package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.batching.BatchOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An idle image tower waits for images that are still being decoded, so that they share a model
 * call, and a lone image never waits: ModelHandle counts the preparations the batcher waits for.
 */
class PreparingWaitTest {
  /** dispatch-when-idle with a 30 s preparing wait: any wait that long is a failed test. */
  private static final BatchOptions OPTIONS = new BatchOptions(16, 1_000, 256, 1, true, 30_000_000);

  private static final long MS = 1_000_000;

  private final CountDownLatch releaseSlow = new CountDownLatch(1);
  private final CountDownLatch slowStarted = new CountDownLatch(1);

  /** Images 3 pixels wide decode until the test releases them. */
  private ServedModel withSlowImages(ServedModel model) {
    ImagePreparer base = model.imagePreparer();
    ImagePreparer gated =
        new ImagePreparer() {
          @Override
          public void prepareInto(ImageInput image, float[] dest, int offset) {
            if (image instanceof ImageInput.Raw raw && raw.width() == 3) {
              slowStarted.countDown();
              try {
                releaseSlow.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            base.prepareInto(image, dest, offset);
          }

          @Override
          public int resolution() {
            return base.resolution();
          }
        };
    return new ServedModel(
        model.descriptor(), model.imageEncoder(), model.textEncoder(), gated, model.textPreparer());
  }

  private static ImageInput raw(int width) {
    return new ImageInput.Raw(new byte[width * 3], width, 1);
  }

  private static CompletableFuture<float[]> encode(ServiceFixture f, ImageInput image) {
    return f.embeddings.encodeImage(f.model, image, false, CallContext.withoutDeadline(), "image");
  }

  @Test
  void imageQueuedWhileAnotherIsDecodingWaitsForItAndTheyShareOneModelCall() throws Exception {
    try (var f = new ServiceFixture(OPTIONS, this::withSlowImages)) {
      CompletableFuture<float[]> slow = encode(f, raw(3));
      assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
      CompletableFuture<float[]> fast = encode(f, raw(1));
      Thread.sleep(100);
      assertFalse(fast.isDone(), "dispatched while another image was being decoded");
      releaseSlow.countDown();
      slow.get(10, TimeUnit.SECONDS);
      fast.get(10, TimeUnit.SECONDS);
      assertEquals(1, f.stats.imageCalls.get());
      assertEquals(2, f.stats.imageItems.get());
    }
  }

  /** Texts starting with "slow" tokenise until the test releases them. */
  private ServedModel withSlowTexts(ServedModel model) {
    TextPreparer base = model.textPreparer();
    TextPreparer gated =
        text -> {
          if (text.startsWith("slow")) {
            slowStarted.countDown();
            try {
              releaseSlow.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return base.prepare(text);
        };
    return new ServedModel(
        model.descriptor(),
        model.imageEncoder(),
        model.textEncoder(),
        model.imagePreparer(),
        gated);
  }

  @Test
  void textQueuedWhileARequestsTextsAreTokenisedWaitsForThem() throws Exception {
    try (var f = new ServiceFixture(OPTIONS, this::withSlowTexts)) {
      CallContext call = CallContext.withoutDeadline();
      var slow = f.embeddings.encodeTexts(f.model, List.of("a", "slow b", "c"), false, call);
      assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
      var fast = f.embeddings.encodeText(f.model, "fast", false, call);
      Thread.sleep(100);
      assertFalse(fast.isDone(), "dispatched while a request's texts were being tokenised");
      releaseSlow.countDown();
      assertEquals(3, slow.get(10, TimeUnit.SECONDS).size());
      fast.get(10, TimeUnit.SECONDS);
      // The request's texts are queued together (scheduleAll), so they never split; with the
      // waiting text they take one call, or two if the waiting one went first.
      assertTrue(f.stats.textCalls.get() <= 2, f.stats.textCalls.get() + " calls for 4 texts");
      assertEquals(4, f.stats.textItems.get());
    }
  }

  @Test
  void loneImageAndImagesAfterAFailedDecodeAreDispatchedAtOnce() throws Exception {
    try (var f = new ServiceFixture(OPTIONS)) {
      long start = System.nanoTime();
      encode(f, raw(1)).get(10, TimeUnit.SECONDS);
      ExecutionException failed =
          assertThrows(
              ExecutionException.class,
              () ->
                  encode(f, new ImageInput.Encoded(new byte[] {1, 2, 3}))
                      .get(10, TimeUnit.SECONDS));
      assertEquals(ClipServiceException.class, failed.getCause().getClass());
      encode(f, raw(1)).get(10, TimeUnit.SECONDS); // the failed decode left no count behind
      long millis = (System.nanoTime() - start) / MS;
      assertTrue(millis < 5_000, "two lone images took " + millis + " ms");
      assertEquals(2, f.stats.imageCalls.get());
    }
  }
}
