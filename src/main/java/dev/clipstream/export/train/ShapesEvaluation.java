package dev.clipstream.export.train;

import dev.clipstream.export.synth.Captioner;
import dev.clipstream.export.synth.Colour;
import dev.clipstream.export.synth.Scene;
import dev.clipstream.export.synth.SceneRenderer;
import dev.clipstream.export.synth.SceneSampler;
import dev.clipstream.export.synth.ShapeKind;
import dev.clipstream.export.synth.SizeClass;
import dev.clipstream.export.synth.SynthSplit;
import dev.clipstream.model.Embeddings;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Measures a model on held-out images of the synthetic world (the TEST seed space, never trained
 * on): one object per image, classes balanced over every colour × shape.
 *
 * <ul>
 *   <li>zero-shot top-1: each image against all colour×shape prompts "a photo of a {colour}
 *       {shape}";
 *   <li>text→image R@1 (captions): each image's own generated caption (varied templates) queries
 *       all images; a hit when the top image shows the colour and shape the caption names (many
 *       images share a class, so "the same file" is not a meaningful target);
 *   <li>text→image R@1 (classes): each class prompt queries all images; a hit when the top image is
 *       of that class.
 * </ul>
 */
public final class ShapesEvaluation {
  /** Encoders under test: normalised pixels [B,3,R,R] → [B,D]; captions → [B,D]. */
  public interface Encoders {
    int imageResolution();

    float[] encodeImages(float[] pixels, int batch);

    float[] encodeTexts(List<String> texts);
  }

  /**
   * Results; accuracies are fractions in [0,1]. {@code perSizeTop1} is indexed by {@link SizeClass}
   * (small, medium, large); {@code shapeConfusion[true][predicted]} counts the shape part of each
   * zero-shot answer, indexed by {@link ShapeKind}.
   */
  public record Report(
      int images,
      int classes,
      double zeroShotTop1,
      double captionRetrievalR1,
      double classRetrievalR1,
      double[] perShapeTop1,
      double[] perColourTop1,
      double[] perSizeTop1,
      int[][] shapeConfusion) {}

  private ShapesEvaluation() {}

  /**
   * Runs the evaluation.
   *
   * @param encoders model under test
   * @param count number of held-out images
   * @param seed base seed of the TEST split
   * @param renderSide side at which images are drawn before the model's preprocessing (e.g. the
   *     model resolution, or larger to exercise downscaling)
   * @param preprocess rendered image → normalised [3,R,R] pixels
   */
  public static Report run(
      Encoders encoders,
      int count,
      long seed,
      int renderSide,
      Function<BufferedImage, float[]> preprocess) {
    Colour[] colours = Colour.values();
    ShapeKind[] shapes = ShapeKind.values();
    int classes = colours.length * shapes.length;
    SceneSampler sampler = new SceneSampler(0);
    int r = encoders.imageResolution();
    int perImage = 3 * r * r;
    int[] label = new int[count];
    int[] sizeOf = new int[count];
    List<String> captions = new ArrayList<>(count);
    int dim = -1;
    float[][] imageEmbeds = new float[count][];
    int chunk = 100;
    float[] pixels = new float[chunk * perImage];
    for (int start = 0; start < count; start += chunk) {
      int n = Math.min(chunk, count - start);
      for (int i = 0; i < n; i++) {
        int index = start + i;
        label[index] = index % classes;
        SplittableRandom random = SynthSplit.TEST.random(seed, index);
        Scene scene =
            sampler.single(
                random,
                colours[label[index] / shapes.length],
                shapes[label[index] % shapes.length]);
        sizeOf[index] = scene.objects().get(0).size().ordinal();
        captions.add(Captioner.caption(scene, random));
        float[] px = preprocess.apply(SceneRenderer.render(scene, renderSide));
        System.arraycopy(px, 0, pixels, i * perImage, perImage);
      }
      float[] out =
          encoders.encodeImages(
              n == chunk ? pixels : java.util.Arrays.copyOf(pixels, n * perImage), n);
      dim = out.length / n;
      for (int i = 0; i < n; i++) {
        imageEmbeds[start + i] = Embeddings.normalized(Embeddings.row(out, i, dim));
      }
    }
    List<String> prompts = new ArrayList<>(classes);
    for (Colour c : colours) {
      for (ShapeKind s : shapes) {
        prompts.add(Captioner.prompt(c, s));
      }
    }
    float[][] promptEmbeds = normalisedRows(encoders.encodeTexts(prompts), classes);
    float[][] captionEmbeds = normalisedRows(encoders.encodeTexts(captions), count);

    int correct = 0;
    int[] shapeHits = new int[shapes.length];
    int[] shapeTotal = new int[shapes.length];
    int[] colourHits = new int[colours.length];
    int[] colourTotal = new int[colours.length];
    SizeClass[] sizes = SizeClass.values();
    int[] sizeHits = new int[sizes.length];
    int[] sizeTotal = new int[sizes.length];
    int[][] confusion = new int[shapes.length][shapes.length];
    for (int i = 0; i < count; i++) {
      int best = argmax(imageEmbeds[i], promptEmbeds);
      boolean hit = best == label[i];
      correct += hit ? 1 : 0;
      sizeTotal[sizeOf[i]]++;
      sizeHits[sizeOf[i]] += hit ? 1 : 0;
      confusion[label[i] % shapes.length][best % shapes.length]++;
      shapeTotal[label[i] % shapes.length]++;
      colourTotal[label[i] / shapes.length]++;
      if (best % shapes.length == label[i] % shapes.length) {
        shapeHits[label[i] % shapes.length]++;
      }
      if (best / shapes.length == label[i] / shapes.length) {
        colourHits[label[i] / shapes.length]++;
      }
    }
    int captionHits = 0;
    for (int q = 0; q < count; q++) {
      int best = argmax(captionEmbeds[q], imageEmbeds);
      captionHits += label[best] == label[q] ? 1 : 0;
    }
    int classHits = 0;
    for (int c = 0; c < classes; c++) {
      int best = argmax(promptEmbeds[c], imageEmbeds);
      classHits += label[best] == c ? 1 : 0;
    }
    double[] perShape = fractions(shapeHits, shapeTotal);
    double[] perColour = fractions(colourHits, colourTotal);
    return new Report(
        count,
        classes,
        correct / (double) count,
        captionHits / (double) count,
        classHits / (double) classes,
        perShape,
        perColour,
        fractions(sizeHits, sizeTotal),
        confusion);
  }

  private static double[] fractions(int[] hits, int[] totals) {
    double[] out = new double[hits.length];
    for (int i = 0; i < hits.length; i++) {
      out[i] = hits[i] / (double) Math.max(1, totals[i]);
    }
    return out;
  }

  private static float[][] normalisedRows(float[] flat, int rows) {
    int dim = flat.length / rows;
    float[][] out = new float[rows][];
    for (int i = 0; i < rows; i++) {
      out[i] = Embeddings.normalized(Embeddings.row(flat, i, dim));
    }
    return out;
  }

  private static int argmax(float[] query, float[][] candidates) {
    int best = 0;
    float bestScore = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < candidates.length; j++) {
      float s = Embeddings.dot(query, candidates[j]);
      if (s > bestScore) {
        bestScore = s;
        best = j;
      }
    }
    return best;
  }

  /** The colour × shape prompts in label order (label = colour index × shapes + shape index). */
  public static List<String> prompts() {
    List<String> prompts = new ArrayList<>();
    for (Colour c : Colour.values()) {
      for (ShapeKind s : ShapeKind.values()) {
        prompts.add(Captioner.prompt(c, s));
      }
    }
    return prompts;
  }

  /**
   * Zero-shot top-1 on labelled images from anywhere (e.g. drawn by other software): each image
   * against every colour × shape prompt.
   *
   * @param pixels normalised [3,R,R] images
   * @param labels index into {@link #prompts()} for each image
   */
  public static double labelledTop1(Encoders encoders, List<float[]> pixels, int[] labels) {
    List<String> prompts = prompts();
    float[][] promptEmbeds = normalisedRows(encoders.encodeTexts(prompts), prompts.size());
    int hits = 0;
    for (int i = 0; i < pixels.size(); i++) {
      float[] out = encoders.encodeImages(pixels.get(i), 1);
      hits += argmax(Embeddings.normalized(out), promptEmbeds) == labels[i] ? 1 : 0;
    }
    return hits / (double) pixels.size();
  }
}
