package dev.clipstream.cli;

import dev.clipstream.export.synth.SynthDatasetWriter;
import dev.clipstream.export.synth.SynthSplit;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code synth}: writes a folder of generated shape images and captions for {@code train}. */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Writes generated image-caption pairs of the synthetic shapes world: images/*.png and"
          + " manifest.jsonl ({\"image\": ..., \"caption\": ...} per line).",
      "Deterministic for a seed; the test split uses a seed space disjoint from train.",
      "Example: synth --out data/shapes-train --count 40000 --seed 1"
    })
public final class SynthCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--count", defaultValue = "1000", description = "Number of pairs (default 1000).")
  int count;

  @Option(names = "--seed", defaultValue = "1", description = "Base seed (default 1).")
  long seed;

  @Option(
      names = "--split",
      defaultValue = "TRAIN",
      description = "TRAIN or TEST seed space (default TRAIN).")
  SynthSplit split;

  @Option(names = "--size", defaultValue = "64", description = "Image side in pixels (default 64).")
  int size;

  @Override
  public Integer call() throws Exception {
    new SynthDatasetWriter()
        .write(
            out,
            split,
            seed,
            count,
            size,
            done -> System.err.printf("\rsynth: %d/%d images", done, count));
    System.err.println();
    System.out.println(out.resolve("manifest.jsonl"));
    return 0;
  }
}
