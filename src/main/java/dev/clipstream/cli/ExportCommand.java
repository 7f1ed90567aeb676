package dev.clipstream.cli;

import dev.clipstream.export.CheckpointException;
import dev.clipstream.export.CheckpointExport;
import dev.clipstream.export.ClipExporter;
import dev.clipstream.export.ClipParameters;
import dev.clipstream.export.Presets;
import dev.clipstream.model.ModelManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export}: a CLIP checkpoint, or random weights of a preset, into a model folder. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a CLIP ViT checkpoint (safetensors, Hugging Face CLIPModel or OpenAI key names) or"
          + " random weights of a preset into a model folder: saved_model.pb + variables/ +"
          + " tokenizer/ + model.json.",
      "The architecture comes from config.json beside the checkpoint (Hugging Face, or OpenAI"
          + " clip_args); without it, from tensor shapes with heads = width/64 (reported)."
    },
    footer = {
      "",
      "Examples:",
      "  clip export --checkpoint ~/clip-vit-base-patch32 --out models/vit-b-32",
      "  clip export --checkpoint ../shared/clip-oracle/openai \\",
      "      --vocab ../shared/clip-oracle/bpe_simple_vocab_16e6.txt.gz --out /tmp/tiny",
      "  clip export --random --preset vit-b-32 --out /tmp/vit-b-32-random",
      "",
      "Exit codes: 0 exported, 2 bad input (message on stderr)."
    })
public final class ExportCommand implements Callable<Integer> {
  @Option(
      names = "--checkpoint",
      paramLabel = "DIR",
      description =
          "Checkpoint folder (model.safetensors [+ config.json, vocab.json, merges.txt])"
              + " or a .safetensors file.")
  Path checkpoint;

  @Option(names = "--random", description = "Random weights instead of a checkpoint.")
  boolean random;

  @Option(
      names = "--preset",
      paramLabel = "P",
      description = "Architecture for --random: tiny (the oracle's), vit-b-32, vit-b-16, vit-l-14.")
  String preset;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed for --random (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--vocab",
      paramLabel = "FILE",
      description =
          "BPE vocabulary to ship (bpe_simple_vocab_16e6.txt.gz). Default: the"
              + " checkpoint folder's vocab.json + merges.txt.")
  Path vocab;

  @Option(names = "--name", paramLabel = "N", description = "Model name (default: folder name).")
  String name;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Model folder to create.")
  Path out;

  @Option(
      names = "--intra-op-threads",
      defaultValue = "0",
      description = "TensorFlow intra-op threads (0 = one per core).")
  int intraOpThreads;

  @Option(
      names = "--inter-op-threads",
      defaultValue = "0",
      description = "TensorFlow inter-op threads (0 = one per core).")
  int interOpThreads;

  @Override
  public Integer call() {
    if (random == (checkpoint != null)) {
      System.err.println("error: give either --checkpoint DIR or --random --preset P");
      return 2;
    }
    if (random && preset == null) {
      System.err.println("error: --random needs --preset (one of " + Presets.names() + ")");
      return 2;
    }
    if (!random && preset != null) {
      System.err.println("error: --preset only applies with --random");
      return 2;
    }
    long start = System.nanoTime();
    try {
      ModelManifest m =
          random
              ? CheckpointExport.random(
                  preset, seed, vocab, out, intraOpThreads, interOpThreads, System.err::println)
              : CheckpointExport.run(
                  new CheckpointExport.Options(
                      checkpoint, vocab, name, out, intraOpThreads, interOpThreads),
                  System.err::println);
      long params = ClipParameters.count(m.config());
      System.err.printf(
          "exported %s: %,d parameters (%.1f M), %.1f MB, embed dim %d, resolution %d%s in %.1f s%n",
          m.name(),
          params,
          params / 1e6,
          ClipExporter.folderBytes(out) / 1048576.0,
          m.embedDim(),
          m.imageResolution(),
          m.random() ? ", RANDOM weights" : "",
          (System.nanoTime() - start) / 1e9);
      return 0;
    } catch (CheckpointException | IOException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
  }
}
