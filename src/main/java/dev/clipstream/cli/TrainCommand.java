package dev.clipstream.cli;

import dev.clipstream.export.train.BpeEncoder;
import dev.clipstream.export.train.BpeTrainer;
import dev.clipstream.export.train.CheckpointWriter;
import dev.clipstream.export.train.ClipWeights;
import dev.clipstream.export.train.ManifestException;
import dev.clipstream.export.train.PairDataset;
import dev.clipstream.export.train.TrainOptions;
import dev.clipstream.export.train.TrainPreset;
import dev.clipstream.export.train.TrainingRun;
import dev.clipstream.model.ClipConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: contrastive CLIP training from scratch or fine-tuning, on a JSONL manifest. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a CLIP with CLIP's symmetric contrastive loss (AdamW, warm-up + cosine schedule) on"
          + " image-caption pairs listed in DIR/manifest.jsonl ({\"image\": \"rel/path.png\","
          + " \"caption\": \"...\"} per line).",
      "From scratch it learns a byte-level BPE vocabulary on the captions first.",
      "Writes OUT/checkpoint (OpenAI-keyed safetensors + config.json + tokenizer files),"
          + " OUT/train-log.csv, and checkpoints every --checkpoint-every steps.",
      "Example: train --preset small --data data/shapes-train --out runs/shapes --steps 2000"
    })
public final class TrainCommand implements Callable<Integer> {
  @Option(
      names = "--preset",
      defaultValue = "SMALL",
      description = "SMALL or TEST (default SMALL).")
  TrainPreset preset;

  @Option(names = "--data", required = true, description = "Folder with manifest.jsonl.")
  Path data;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--steps", defaultValue = "2000", description = "Optimiser steps (default 2000).")
  int steps;

  @Option(
      names = "--batch-size",
      defaultValue = "128",
      description = "Pairs per step (default 128).")
  int batchSize;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default 1e-3).")
  double learningRate;

  @Option(names = "--warmup", defaultValue = "100", description = "Warm-up steps (default 100).")
  int warmup;

  @Option(
      names = "--weight-decay",
      defaultValue = "0.1",
      description = "AdamW decay (default 0.1).")
  double weightDecay;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default 0).")
  long seed;

  @Option(names = "--threads", defaultValue = "2", description = "TF intra-op threads (default 2).")
  int threads;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "500",
      description = "Checkpoint period in steps, 0 for none (default 500).")
  int checkpointEvery;

  @Option(
      names = "--vocab-size",
      defaultValue = "1024",
      description = "BPE vocabulary size when training from scratch (default 1024).")
  int vocabSize;

  @Override
  public Integer call() throws IOException {
    TrainOptions options =
        new TrainOptions(
            steps,
            batchSize,
            learningRate,
            warmup,
            weightDecay,
            0.9,
            0.98,
            1e-6,
            seed,
            threads,
            checkpointEvery);
    PairDataset dataset;
    try {
      dataset = PairDataset.open(data, 224);
      BpeTrainer.Result vocab = BpeTrainer.train(dataset.captions(), vocabSize);
      ClipConfig config = preset.config(vocab.size());
      dataset = PairDataset.open(data, config.vision().imageResolution());
      System.err.printf(
          "train: %d pairs, vocabulary %d tokens, preset %s%n",
          dataset.size(), vocab.size(), preset.word());
      BpeEncoder encoder = new BpeEncoder(vocab);
      Files.createDirectories(out);
      Map<String, dev.clipstream.export.train.WeightTensor> initial =
          ClipWeights.randomInit(config, seed);
      TrainingRun run = new TrainingRun(dataset, encoder::encode, config, options, System.err);
      TrainingRun.Outcome outcome =
          run.run(
              initial,
              (step, weights) -> save(out.resolve("checkpoint"), config, weights, vocab),
              out.resolve("train-log.csv"));
      save(out.resolve("checkpoint"), config, outcome.weights(), vocab);
      System.out.println(out.resolve("checkpoint"));
      return 0;
    } catch (ManifestException e) {
      System.err.println("train: " + e.getMessage());
      return 2;
    }
  }

  private static void save(
      Path dir,
      ClipConfig config,
      Map<String, dev.clipstream.export.train.WeightTensor> weights,
      BpeTrainer.Result vocab)
      throws IOException {
    CheckpointWriter.write(dir, config, weights);
    BpeTrainer.writeHuggingFace(vocab, dir.resolve("vocab.json"), dir.resolve("merges.txt"));
  }
}
