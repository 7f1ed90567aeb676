package dev.clipstream.export.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticWorldTest {
  private final SceneSampler sampler = new SceneSampler(SynthDatasetWriter.TWO_OBJECTS);

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  @Test
  void sameSeedGivesSamePixelsAndCaption() {
    for (int i = 0; i < 20; i++) {
      SplittableRandom a = SynthSplit.TRAIN.random(1, i);
      SplittableRandom b = SynthSplit.TRAIN.random(1, i);
      Scene sa = sampler.sample(a);
      Scene sb = sampler.sample(b);
      assertEquals(sa, sb);
      assertEquals(Captioner.caption(sa, a), Captioner.caption(sb, b));
      assertArrayEquals(pixels(SceneRenderer.render(sa, 64)), pixels(SceneRenderer.render(sb, 64)));
    }
  }

  @Test
  void testSplitDrawsDifferentScenesThanTrain() {
    Set<Scene> train = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      train.add(sampler.sample(SynthSplit.TRAIN.random(1, i)));
    }
    for (int i = 0; i < 500; i++) {
      assertTrue(!train.contains(sampler.sample(SynthSplit.TEST.random(1, i))));
    }
    assertNotEquals(
        sampler.sample(SynthSplit.TRAIN.random(1, 0)),
        sampler.sample(SynthSplit.TRAIN.random(2, 0)));
  }

  @Test
  void worldCoversEveryColourShapeAndBackground() {
    Set<String> nouns = new HashSet<>();
    Set<Background> backgrounds = new HashSet<>();
    Set<Integer> counts = new HashSet<>();
    for (int i = 0; i < 3000; i++) {
      Scene s = sampler.sample(SynthSplit.TRAIN.random(7, i));
      s.objects().forEach(o -> nouns.add(o.noun()));
      backgrounds.add(s.background());
      counts.add(s.objects().size());
    }
    assertTrue(Colour.values().length >= 8 && ShapeKind.values().length >= 8);
    assertEquals(Colour.values().length * ShapeKind.values().length, nouns.size());
    assertEquals(Set.of(Background.values()), backgrounds);
    assertEquals(Set.of(1, 2), counts);
  }

  @Test
  void captionsNameEveryObjectInTheScene() {
    for (int i = 0; i < 300; i++) {
      SplittableRandom random = SynthSplit.TRAIN.random(3, i);
      Scene s = sampler.sample(random);
      String caption = Captioner.caption(s, random);
      for (SceneObject o : s.objects()) {
        assertTrue(
            caption.contains(o.colour().word()) && caption.contains(o.shape().word()),
            caption + " misses " + o.noun());
      }
    }
  }

  @Test
  void singleObjectScenesHaveTheRequestedLabel() {
    Scene s = sampler.single(new SplittableRandom(5), Colour.RED, ShapeKind.STAR);
    assertEquals(1, s.objects().size());
    assertEquals("red star", s.objects().get(0).noun());
    assertEquals("a photo of a red star", Captioner.prompt(Colour.RED, ShapeKind.STAR));
  }

  @Test
  void conceptNamesTheObjectsWhateverTheirOrder() {
    Scene s = sampler.single(new SplittableRandom(5), Colour.RED, ShapeKind.STAR);
    assertEquals("red star", s.concept());
    for (int i = 0; i < 300; i++) {
      Scene two = sampler.sample(SynthSplit.TRAIN.random(4, i));
      if (two.objects().size() == 2) {
        Scene swapped =
            new Scene(
                java.util.List.of(two.objects().get(1), two.objects().get(0)),
                two.background(),
                two.style());
        assertEquals(two.concept(), swapped.concept());
        assertTrue(two.concept().contains(" and "), two.concept());
      }
    }
  }
}
