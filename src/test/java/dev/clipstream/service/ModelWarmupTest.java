package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clipstream.testing.DeterministicModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelWarmupTest {
  private final ServedModel base = DeterministicModel.create("m", new DeterministicModel.Stats());
  private final AtomicInteger images = new AtomicInteger();
  private final List<String> texts = new ArrayList<>();
  private final ServedModel counting =
      new ServedModel(
          base.descriptor(),
          base.imageEncoder(),
          base.textEncoder(),
          new ImagePreparer() {
            @Override
            public void prepareInto(ImageInput image, float[] dest, int offset) {
              images.incrementAndGet();
              base.imagePreparer().prepareInto(image, dest, offset);
            }

            @Override
            public int resolution() {
              return base.imagePreparer().resolution();
            }
          },
          text -> {
            texts.add(text);
            return base.textPreparer().prepare(text);
          });

  @Test
  void preparationWarmUpRunsEachPreparerTheGivenNumberOfTimesOnVariedInputs() {
    ModelWarmup.warmUpPreparation(counting, 5, 40);
    assertEquals(5, images.get());
    assertEquals(40, texts.size());
    assertEquals(40, texts.stream().distinct().count(), "texts vary, so BPE merges are exercised");
  }

  @Test
  void zeroCountsSkipThePreparationWarmUp() {
    ModelWarmup.warmUpPreparation(counting, 0, 0);
    assertEquals(0, images.get());
    assertEquals(0, texts.size());
  }

  @Test
  void negativeCountsAreRejectedNamingThem() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> ModelWarmup.warmUpPreparation(counting, -1, 0));
    assertEquals("warm-up counts must be >= 0, got images=-1, texts=0", e.getMessage());
  }
}
