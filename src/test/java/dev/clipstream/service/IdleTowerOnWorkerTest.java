package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.batching.BatchOptions;
import dev.clipstream.testing.TestImages;
import java.awt.Color;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code run-idle-batch-on-worker}: which thread runs a lone call's model call. */
class IdleTowerOnWorkerTest {
  private final CallContext call = CallContext.withoutDeadline();

  private static BatchOptions options(boolean runIdleBatchOnWorker) {
    return new BatchOptions(16, 2_000, 64, 1, true, 25_000, runIdleBatchOnWorker);
  }

  private static boolean allStartWith(Set<String> names, String prefix) {
    return !names.isEmpty() && names.stream().allMatch(n -> n.startsWith(prefix));
  }

  @Test
  void aLoneImageOnAnIdleModelRunsOnTheWorkerThatPreparedIt() throws Exception {
    try (var f = new ServiceFixture(options(true))) {
      byte[] png = TestImages.solidPng(Color.RED, 4, 4);
      float[] e =
          f.embeddings
              .encodeImage(f.model, new ImageInput.Encoded(png), false, call, "image")
              .join();

      assertEquals(8, e.length);
      assertTrue(
          allStartWith(f.stats.modelThreads, "clip-preprocess-"), f.stats.modelThreads.toString());
      // The batch's timing still reaches the call's server-timing trailer.
      assertTrue(call.timing().serverTiming(System.nanoTime()).contains("model;dur="));
    }
  }

  @Test
  void aLoneTextOnAnIdleModelRunsOnTheWorkerThatTokenisedIt() throws Exception {
    try (var f = new ServiceFixture(options(true))) {
      f.embeddings.encodeTexts(f.model, List.of("a cat"), false, call).join();

      assertTrue(
          allStartWith(f.stats.modelThreads, "clip-preprocess-"), f.stats.modelThreads.toString());
    }
  }

  @Test
  void withTheOptionOffTheBatchThreadRunsIt() throws Exception {
    try (var f = new ServiceFixture(options(false))) {
      byte[] png = TestImages.solidPng(Color.RED, 4, 4);
      f.embeddings.encodeImage(f.model, new ImageInput.Encoded(png), false, call, "image").join();

      assertTrue(allStartWith(f.stats.modelThreads, "batch-"), f.stats.modelThreads.toString());
    }
  }

  @Test
  void theTextsOfOneCallAreQueuedTogetherForTheBatchThread() throws Exception {
    try (var f = new ServiceFixture(options(true))) {
      f.embeddings.encodeTexts(f.model, List.of("a cat", "a dog", "a bird"), false, call).join();

      assertTrue(allStartWith(f.stats.modelThreads, "batch-"), f.stats.modelThreads.toString());
    }
  }

  @Test
  void theImagesOfOneCallAreQueuedTogetherForTheBatchThread() throws Exception {
    try (var f = new ServiceFixture(options(true))) {
      var images =
          List.<ImageInput>of(
              new ImageInput.Encoded(TestImages.solidPng(Color.RED, 4, 4)),
              new ImageInput.Encoded(TestImages.solidPng(Color.BLUE, 4, 4)));
      f.embeddings.encodeImages(f.model, images, false, call, "images").join();

      assertTrue(allStartWith(f.stats.modelThreads, "batch-"), f.stats.modelThreads.toString());
    }
  }
}
