package dev.clipstream.cli;

import dev.clipstream.export.train.CheckpointEncoders;
import dev.clipstream.export.train.PairDataset;
import dev.clipstream.export.train.ShapesEvaluation;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evaluate}: zero-shot and retrieval accuracy on held-out synthetic shapes. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Measures a trained checkpoint on held-out images of the synthetic shapes world (TEST seed"
          + " space, never trained on): zero-shot top-1 over every colour x shape prompt \"a photo"
          + " of a {colour} {shape}\", and text->image R@1.",
      "Example: evaluate --model models/shapes-vit-tiny --count 1000"
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--model", description = "Model folder (what the server loads).")
  Path model;

  @Option(names = "--checkpoint", description = "Checkpoint folder from train (OpenAI keys).")
  Path checkpoint;

  @Option(names = "--count", defaultValue = "1000", description = "Held-out images (default 1000).")
  int count;

  @Option(names = "--seed", defaultValue = "1", description = "TEST split seed (default 1).")
  long seed;

  @Option(
      names = "--render-size",
      defaultValue = "0",
      description = "Draw images at this side, then resize (default: the model's resolution).")
  int renderSize;

  @Option(
      names = "--labelled",
      description =
          "Instead of generated images: a folder whose manifest.jsonl captions are colour x shape"
              + " prompts (\"a photo of a red circle\"), e.g. drawn by other software.")
  Path labelled;

  @Option(names = "--threads", defaultValue = "2", description = "TF threads (default 2).")
  int threads;

  @Override
  public Integer call() throws Exception {
    if ((model == null) == (checkpoint == null)) {
      System.err.println("evaluate: give exactly one of --model DIR or --checkpoint DIR");
      return 2;
    }
    try (AutoCloseableEncoders encoders =
        model != null
            ? new Wrapped(new ModelFolderEncoders(model, threads))
            : new Wrapped(new CheckpointEncoders(checkpoint, threads))) {
      int side = encoders.imageResolution();
      if (labelled != null) {
        return labelled(encoders, side);
      }
      ShapesEvaluation.Report r =
          ShapesEvaluation.run(
              encoders,
              count,
              seed,
              renderSize > 0 ? renderSize : side,
              image -> PairDataset.normalisedPixels(image, side));
      System.out.println(
          String.format(
              Locale.ROOT,
              "{\"images\": %d, \"classes\": %d, \"zero_shot_top1\": %.4f,"
                  + " \"caption_retrieval_r1\": %.4f, \"class_retrieval_r1\": %.4f,"
                  + " \"per_shape_top1\": %s, \"per_colour_top1\": %s,"
                  + " \"per_size_top1\": %s, \"shape_confusion\": %s}",
              r.images(),
              r.classes(),
              r.zeroShotTop1(),
              r.captionRetrievalR1(),
              r.classRetrievalR1(),
              java.util.Arrays.toString(r.perShapeTop1()),
              java.util.Arrays.toString(r.perColourTop1()),
              java.util.Arrays.toString(r.perSizeTop1()),
              java.util.Arrays.deepToString(r.shapeConfusion())));
      return 0;
    }
  }

  private int labelled(ShapesEvaluation.Encoders encoders, int side) throws Exception {
    PairDataset data = PairDataset.open(labelled, side);
    java.util.List<String> prompts = ShapesEvaluation.prompts();
    java.util.List<float[]> pixels = new java.util.ArrayList<>();
    int[] labels = new int[data.size()];
    for (int i = 0; i < data.size(); i++) {
      labels[i] = prompts.indexOf(data.caption(i));
      if (labels[i] < 0) {
        System.err.println(
            "evaluate: line "
                + (i + 1)
                + " caption is not a colour x shape prompt: "
                + data.caption(i));
        return 2;
      }
      float[] px = new float[3 * side * side];
      data.pixelsInto(i, px, 0);
      pixels.add(px);
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"images\": %d, \"labelled_zero_shot_top1\": %.4f}",
            data.size(),
            ShapesEvaluation.labelledTop1(encoders, pixels, labels)));
    return 0;
  }

  private interface AutoCloseableEncoders extends ShapesEvaluation.Encoders, AutoCloseable {}

  private record Wrapped(ShapesEvaluation.Encoders inner) implements AutoCloseableEncoders {
    @Override
    public int imageResolution() {
      return inner.imageResolution();
    }

    @Override
    public float[] encodeImages(float[] pixels, int batch) {
      return inner.encodeImages(pixels, batch);
    }

    @Override
    public float[] encodeTexts(java.util.List<String> texts) {
      return inner.encodeTexts(texts);
    }

    @Override
    public void close() throws Exception {
      ((AutoCloseable) inner).close();
    }
  }
}
