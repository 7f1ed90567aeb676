package dev.clipstream.export.train;

import dev.clipstream.model.ClipConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The training loop: shuffled batches of a {@link PairDataset}, one {@link ContrastiveTrainer} step
 * each, a progress bar with loss and in-batch accuracy, a CSV log, and periodic checkpoints.
 * Deterministic for a seed: initialisation, data order and batches depend only on it.
 */
public final class TrainingRun {
  private final PairDataset data;
  private final Function<String, int[]> tokenize;
  private final ClipConfig config;
  private final TrainOptions options;
  private final PrintStream progress;

  /**
   * @param data pairs to train on
   * @param tokenize caption → ids with start and end tokens, unpadded, at most 77
   * @param config architecture
   * @param options schedule and optimiser
   * @param progress where the progress bar goes (stderr)
   */
  public TrainingRun(
      PairDataset data,
      Function<String, int[]> tokenize,
      ClipConfig config,
      TrainOptions options,
      PrintStream progress) {
    this.data = data;
    this.tokenize = tokenize;
    this.config = config;
    this.options = options;
    this.progress = progress;
  }

  /** What a run produced: final weights and the logged loss per step. */
  public record Outcome(Map<String, WeightTensor> weights, float[] losses, float[] accuracies) {}

  /**
   * Trains and returns the final weights.
   *
   * @param initial starting weights by OpenAI key
   * @param checkpoint called with the weights every {@code checkpointEverySteps} steps
   * @param log CSV file for step, loss, accuracy, learning rate (null: none)
   */
  public Outcome run(Map<String, WeightTensor> initial, CheckpointSink checkpoint, Path log)
      throws IOException {
    int[][] ids = new int[data.size()][];
    int longest = 2;
    String[] positives = new String[data.size()];
    for (int i = 0; i < data.size(); i++) {
      ids[i] = tokenize.apply(data.caption(i));
      positives[i] = positiveKey(i);
      longest = Math.max(longest, ids[i].length);
    }
    int tokens = Math.min(config.text().contextLength(), longest);
    int batch = Math.min(options.batchSize(), data.size());
    int side = config.vision().imageResolution();
    float[] pixels = new float[batch * 3 * side * side];
    int[] batchIds = new int[batch * tokens];
    float[] targets = new float[batch * batch];
    float[] losses = new float[options.steps()];
    float[] accuracies = new float[options.steps()];
    Random order = new Random(options.seed() ^ 0x0DA7A0DE5L);
    List<Integer> permutation = new ArrayList<>();
    int cursor = 0;
    long start = System.nanoTime();
    try (ContrastiveTrainer trainer = new ContrastiveTrainer(config, initial, tokens, options);
        BufferedWriter csv =
            log == null ? null : Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      if (csv != null) {
        csv.write("step,loss,accuracy,learning_rate\n");
      }
      double emaLoss = Double.NaN;
      double emaAcc = Double.NaN;
      for (int step = 0; step < options.steps(); step++) {
        int[] members = new int[batch];
        for (int b = 0; b < batch; b++) {
          if (cursor == permutation.size()) {
            permutation.clear();
            for (int i = 0; i < data.size(); i++) {
              permutation.add(i);
            }
            java.util.Collections.shuffle(permutation, order);
            cursor = 0;
          }
          members[b] = permutation.get(cursor++);
        }
        fillBatch(members, ids, positives, tokens, pixels, batchIds, targets);
        float lr = (float) options.learningRate(step);
        ContrastiveTrainer.StepResult r = trainer.step(pixels, batchIds, targets, batch, lr);
        losses[step] = r.loss();
        accuracies[step] = r.accuracy();
        emaLoss = Double.isNaN(emaLoss) ? r.loss() : 0.95 * emaLoss + 0.05 * r.loss();
        emaAcc = Double.isNaN(emaAcc) ? r.accuracy() : 0.95 * emaAcc + 0.05 * r.accuracy();
        if (csv != null) {
          csv.write(String.format("%d,%.5f,%.4f,%.6g%n", step + 1, r.loss(), r.accuracy(), lr));
        }
        progressBar(step + 1, emaLoss, emaAcc, lr, start);
        boolean last = step + 1 == options.steps();
        if (checkpoint != null
            && !last
            && options.checkpointEverySteps() > 0
            && (step + 1) % options.checkpointEverySteps() == 0) {
          if (csv != null) {
            csv.flush();
          }
          checkpoint.save(step + 1, trainer.weights());
        }
      }
      progress.println();
      return new Outcome(trainer.weights(), losses, accuracies);
    }
  }

  /** Receives periodic checkpoints. */
  @FunctionalInterface
  public interface CheckpointSink {
    void save(int step, Map<String, WeightTensor> weights) throws IOException;
  }

  private void fillBatch(
      int[] members,
      int[][] ids,
      String[] positives,
      int tokens,
      float[] pixels,
      int[] batchIds,
      float[] targets)
      throws IOException {
    int batch = members.length;
    int side = config.vision().imageResolution();
    int perImage = 3 * side * side;
    java.util.Arrays.fill(batchIds, 0);
    for (int b = 0; b < batch; b++) {
      data.pixelsInto(members[b], pixels, b * perImage);
      int[] t = ids[members[b]];
      int n = Math.min(t.length, tokens);
      System.arraycopy(t, 0, batchIds, b * tokens, n);
      if (t.length > tokens) {
        batchIds[b * tokens + tokens - 1] =
            t[t.length - 1]; // keep the end token, as CLIP truncates
      }
    }
    // Pairs that show the same thing are all positives: each row spreads its mass over them.
    for (int i = 0; i < batch; i++) {
      int same = 0;
      for (int j = 0; j < batch; j++) {
        boolean match = i == j || positives[members[i]].equals(positives[members[j]]);
        targets[i * batch + j] = match ? 1 : 0;
        same += match ? 1 : 0;
      }
      for (int j = 0; j < batch; j++) {
        targets[i * batch + j] /= same;
      }
    }
  }

  /** The concept when the manifest gives one, else the caption with its wording normalised. */
  private String positiveKey(int index) {
    String concept = data.concept(index);
    return concept != null ? "concept:" + concept : "caption:" + normalised(data.caption(index));
  }

  private static String normalised(String caption) {
    return String.join(" ", BpeTrainer.words(caption));
  }

  private void progressBar(int step, double loss, double acc, float lr, long start) {
    int total = options.steps();
    if (step != total && step % 5 != 0) {
      return;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double eta = seconds / step * (total - step);
    int width = 30;
    int filled = (int) ((long) width * step / total);
    progress.printf(
        "\r[%s%s] %d/%d loss %.4f acc %.3f lr %.2e %.2f s/step ETA %dm%02ds ",
        "#".repeat(filled),
        "-".repeat(width - filled),
        step,
        total,
        loss,
        acc,
        lr,
        seconds / step,
        (long) eta / 60,
        (long) eta % 60);
    progress.flush();
  }
}
