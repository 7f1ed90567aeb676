package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.batching.BatchOptions;
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

  private final CountDownLatch releaseSlowImage = new CountDownLatch(1);
  private final CountDownLatch slowImageStarted = new CountDownLatch(1);

  /** Images 3 pixels wide decode until the test releases them. */
  private ServedModel withSlowImages(ServedModel model) {
    ImagePreparer base = model.imagePreparer();
    ImagePreparer gated =
        new ImagePreparer() {
          @Override
          public void prepareInto(ImageInput image, float[] dest, int offset) {
            if (image instanceof ImageInput.Raw raw && raw.width() == 3) {
              slowImageStarted.countDown();
              try {
                releaseSlowImage.await();
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
      assertTrue(slowImageStarted.await(10, TimeUnit.SECONDS));
      CompletableFuture<float[]> fast = encode(f, raw(1));
      Thread.sleep(100);
      assertFalse(fast.isDone(), "dispatched while another image was being decoded");
      releaseSlowImage.countDown();
      slow.get(10, TimeUnit.SECONDS);
      fast.get(10, TimeUnit.SECONDS);
      assertEquals(1, f.stats.imageCalls.get());
      assertEquals(2, f.stats.imageItems.get());
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
