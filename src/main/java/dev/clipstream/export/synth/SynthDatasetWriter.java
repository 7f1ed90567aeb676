package dev.clipstream.export.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import javax.imageio.ImageIO;

/**
 * Writes a folder of generated image–caption pairs: {@code images/NNNNNN.png} plus {@code
 * manifest.jsonl}, one {@code {"image": "images/NNNNNN.png", "caption": "...", "concept": "..."}}
 * per line, the format {@code train} reads ({@link Scene#concept()}).
 */
public final class SynthDatasetWriter {
  /** Default probability of a two-object scene. */
  public static final double TWO_OBJECTS = 0.35;

  private final ObjectMapper json = new ObjectMapper();

  /**
   * Writes {@code count} pairs of a split.
   *
   * @param out target folder (created; an existing manifest is replaced)
   * @param split which seed space
   * @param seed base seed
   * @param count number of pairs
   * @param side image side in pixels
   * @param progress called with the number of images written so far
   */
  public void write(
      Path out, SynthSplit split, long seed, int count, int side, IntConsumer progress)
      throws IOException {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be > 0, got " + count);
    }
    Path images = Files.createDirectories(out.resolve("images"));
    SceneSampler sampler = new SceneSampler(TWO_OBJECTS);
    try (BufferedWriter manifest =
        Files.newBufferedWriter(out.resolve("manifest.jsonl"), StandardCharsets.UTF_8)) {
      for (int i = 0; i < count; i++) {
        SplittableRandom random = split.random(seed, i);
        Scene scene = sampler.sample(random);
        String caption = Captioner.caption(scene, random);
        BufferedImage image = SceneRenderer.render(scene, side);
        String name = String.format("%06d.png", i);
        ImageIO.write(image, "png", images.resolve(name).toFile());
        ObjectNode line = json.createObjectNode();
        line.put("image", "images/" + name);
        line.put("caption", caption);
        line.put("concept", scene.concept());
        manifest.write(json.writeValueAsString(line));
        manifest.write('\n');
        if ((i + 1) % 1000 == 0 || i + 1 == count) {
          progress.accept(i + 1);
        }
      }
    }
  }
}
