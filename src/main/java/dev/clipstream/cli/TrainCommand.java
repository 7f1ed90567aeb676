package dev.clipstream.cli;

import dev.clipstream.export.CheckpointException;
import dev.clipstream.export.ClipExporter;
import dev.clipstream.export.ModelFolderWeights;
import dev.clipstream.export.train.BpeTrainer;
import dev.clipstream.export.train.CheckpointWriter;
import dev.clipstream.export.train.ClipWeights;
import dev.clipstream.export.train.LossCurvePlot;
import dev.clipstream.export.train.ManifestException;
import dev.clipstream.export.train.PairDataset;
import dev.clipstream.export.train.TrainOptions;
import dev.clipstream.export.train.TrainPreset;
import dev.clipstream.export.train.TrainedModelWriter;
import dev.clipstream.export.train.TrainingRun;
import dev.clipstream.export.train.WeightTensor;
import dev.clipstream.model.ClipConfig;
import dev.clipstream.tokenizer.ClipTokenizer;
import dev.clipstream.tokenizer.TokenizedText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: contrastive CLIP training from scratch or fine-tuning, on a JSONL manifest. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a CLIP with CLIP's symmetric contrastive loss (learnable temperature, logit scale"
          + " <= 100; AdamW with linear warm-up and cosine decay) on image-caption pairs listed in"
          + " DATA/manifest.jsonl ({\"image\": \"rel/path.png\", \"caption\": \"...\"} per line).",
      "From scratch (--preset) it first learns a byte-level BPE vocabulary on the captions;"
          + " with --from MODELDIR it fine-tunes that model folder (any exported CLIP) with its"
          + " own tokenizer.",
      "Writes OUT/model (a servable model folder, \"random\": false), OUT/checkpoint"
          + " (OpenAI-keyed safetensors + config.json + tokenizer, also saved every"
          + " --checkpoint-every steps), OUT/train-log.csv and OUT/loss.png.",
      "Example: train --preset small --data data/shapes-train --out runs/shapes --steps 2500",
      "Example: train --from models/shapes-vit-tiny --data my-pairs --out runs/ft --steps 200"
          + " --lr 1e-5"
    })
public final class TrainCommand implements Callable<Integer> {
  @Option(
      names = "--preset",
      defaultValue = "SMALL",
      description = "Architecture when training from scratch: small or test (default small).")
  TrainPreset preset;

  @Option(names = "--from", description = "Model folder to fine-tune instead of a new model.")
  Path from;

  @Option(names = "--data", required = true, description = "Folder with manifest.jsonl.")
  Path data;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--name", description = "Model name in model.json (default: OUT's name).")
  String name;

  @Option(names = "--steps", defaultValue = "2000", description = "Optimiser steps (default 2000).")
  int steps;

  @Option(
      names = "--batch-size",
      defaultValue = "128",
      description = "Pairs per step (default 128).")
  int batchSize;

  @Option(
      names = "--lr",
      description = "Peak learning rate (default 1e-3 from scratch, 1e-5 with --from).")
  Double learningRate;

  @Option(names = "--warmup", defaultValue = "100", description = "Warm-up steps (default 100).")
  int warmup;

  @Option(
      names = "--weight-decay",
      defaultValue = "0.1",
      description = "AdamW decay (default 0.1).")
  double weightDecay;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default 0).")
  long seed;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description =
          "Threads; the batch is split into this many slices that train in parallel (default 2).")
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
            learningRate != null ? learningRate : from != null ? 1e-5 : 1e-3,
            Math.min(warmup, steps),
            weightDecay,
            0.9,
            0.98,
            1e-6,
            seed,
            threads,
            checkpointEvery);
    Path modelOut = out.resolve("model");
    try {
      ClipExporter.checkTarget(modelOut); // refuse before hours of training, not after
      Files.createDirectories(out);
      PairDataset probe = PairDataset.open(data, 8);
      ClipConfig config;
      Map<String, WeightTensor> initial;
      List<Path> tokenizerFiles;
      if (from != null) {
        try (ModelFolderWeights source = ModelFolderWeights.open(from, threads, 1)) {
          config = source.manifest().config();
          initial = TrainedModelWriter.fromWeightSource(config, source);
        }
        tokenizerFiles = tokenizerFiles(from.resolve(ClipExporter.TOKENIZER_DIR));
      } else {
        Path tokenizerDir = Files.createDirectories(out.resolve("tokenizer"));
        BpeTrainer.Result vocab = BpeTrainer.train(probe.captions(), vocabSize);
        BpeTrainer.writeHuggingFace(
            vocab, tokenizerDir.resolve("vocab.json"), tokenizerDir.resolve("merges.txt"));
        tokenizerFiles =
            List.of(tokenizerDir.resolve("vocab.json"), tokenizerDir.resolve("merges.txt"));
        config = preset.config(vocab.size());
        initial = ClipWeights.randomInit(config, seed);
      }
      ClipTokenizer tokenizer = ClipTokenizer.fromDirectory(tokenizerFiles.get(0).getParent());
      PairDataset dataset = PairDataset.open(data, config.vision().imageResolution());
      System.err.printf(
          "train: %d pairs, vocabulary %d tokens, %s, %d steps of %d%n",
          dataset.size(),
          tokenizer.vocabSize(),
          from != null ? "fine-tuning " + from : "preset " + preset.word(),
          steps,
          batchSize);
      ClipConfig finalConfig = config;
      TrainingRun run =
          new TrainingRun(
              dataset,
              text -> {
                TokenizedText t = tokenizer.encode(text, finalConfig.text().contextLength());
                return Arrays.copyOf(t.ids(), t.length());
              },
              config,
              options,
              System.err);
      Path checkpoint = out.resolve("checkpoint");
      TrainingRun.Outcome outcome =
          run.run(
              initial,
              (step, weights) -> saveCheckpoint(checkpoint, finalConfig, weights, tokenizerFiles),
              out.resolve("train-log.csv"));
      saveCheckpoint(checkpoint, config, outcome.weights(), tokenizerFiles);
      LossCurvePlot.write(
          List.of(out.resolve("train-log.csv")), out.resolve("loss.png"), "train: " + out);
      TrainedModelWriter.write(
          modelOut,
          name != null ? name : out.toAbsolutePath().getFileName().toString(),
          "1",
          config,
          outcome.weights(),
          tokenizerFiles,
          System.err::println);
      System.out.println(modelOut);
      return 0;
    } catch (ManifestException | CheckpointException e) {
      System.err.println("train: " + e.getMessage());
      return 2;
    }
  }

  private static List<Path> tokenizerFiles(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(Files::isRegularFile).sorted().forEach(files::add);
    }
    if (files.isEmpty()) {
      throw new IOException("no tokenizer files in " + dir);
    }
    return files;
  }

  private static void saveCheckpoint(
      Path dir, ClipConfig config, Map<String, WeightTensor> weights, List<Path> tokenizerFiles)
      throws IOException {
    CheckpointWriter.write(dir, config, weights);
    for (Path f : tokenizerFiles) {
      Files.copy(
          f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
