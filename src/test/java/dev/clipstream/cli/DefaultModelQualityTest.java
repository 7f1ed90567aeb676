package dev.clipstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.export.train.PairDataset;
import dev.clipstream.export.train.ShapesEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The committed default model answers meaningfully: on held-out generated shapes (TEST seed space)
 * it names the colour almost always and the colour × shape label far above chance (1/64). The
 * floors sit below the model card's measured numbers, so they catch a broken model or pipeline, not
 * noise.
 */
class DefaultModelQualityTest {
  private static final Path MODEL = Path.of("models", "shapes-vit-tiny");

  @Test
  void defaultModelClassifiesHeldOutShapesFarAboveChance() throws Exception {
    assertTrue(Files.isRegularFile(MODEL.resolve("model.json")), "missing " + MODEL);
    try (ModelFolderEncoders encoders = new ModelFolderEncoders(MODEL, 1)) {
      int side = encoders.imageResolution();
      ShapesEvaluation.Report r =
          ShapesEvaluation.run(
              encoders, 256, 1, side, image -> PairDataset.normalisedPixels(image, side));
      double colour = 0;
      for (double c : r.perColourTop1()) {
        colour += c / r.perColourTop1().length;
      }
      assertTrue(colour >= 0.95, "colour accuracy " + colour);
      assertTrue(r.zeroShotTop1() >= 0.85, "zero-shot top-1 " + r.zeroShotTop1());
      assertTrue(r.captionRetrievalR1() >= 0.93, "caption R@1 " + r.captionRetrievalR1());
      // Small, medium and large: top-1 overall is their weighted mean, so it lies between them.
      double[] bySize = r.perSizeTop1();
      assertEquals(3, bySize.length);
      double lo = Arrays.stream(bySize).min().orElseThrow();
      double hi = Arrays.stream(bySize).max().orElseThrow();
      assertTrue(
          lo <= r.zeroShotTop1() && r.zeroShotTop1() <= hi,
          "top-1 " + r.zeroShotTop1() + " outside per-size " + Arrays.toString(bySize));
    }
  }
}
