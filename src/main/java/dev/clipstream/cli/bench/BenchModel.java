package dev.clipstream.cli.bench;

import dev.clipstream.cli.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A model folder to benchmark, and how it got there. */
record BenchModel(String name, Path dir, boolean temporary) {

  /** The given folders (or every model under models/), plus a fresh random vit-b-32 if asked. */
  static List<BenchModel> resolve(
      List<Path> given, boolean embedded, boolean vitB32, Path vocab, Path jar, Path results)
      throws IOException, InterruptedException {
    List<BenchModel> out = new ArrayList<>();
    List<Path> dirs = new ArrayList<>(given);
    if (dirs.isEmpty() && embedded && Files.isDirectory(Path.of("models"))) {
      try (Stream<Path> children = Files.list(Path.of("models"))) {
        children
            .filter(d -> Files.isRegularFile(d.resolve("model.json")))
            .sorted()
            .forEach(dirs::add);
      }
    }
    for (Path dir : dirs) {
      out.add(new BenchModel(dir.getFileName().toString(), dir, false));
    }
    if (vitB32) {
      Path tmp = Files.createTempDirectory("clip-bench-vit-b-32-").resolve("vit-b-32-random");
      exportRandomVitB32(jar, vocab, tmp, results.resolve("export-vit-b-32.log"));
      out.add(new BenchModel("vit-b-32-random", tmp, true));
    }
    return out;
  }

  /** Uses the product's own {@code export} command, so the bench measures what users get. */
  private static void exportRandomVitB32(Path jar, Path vocab, Path out, Path log)
      throws IOException, InterruptedException {
    if (vocab == null || !Files.isRegularFile(vocab)) {
      throw new IOException(
          "a random vit-b-32 needs CLIP's BPE vocabulary for its tokenizer: pass --vocab"
              + " bpe_simple_vocab_16e6.txt.gz (or --no-vit-b-32)");
    }
    List<String> command = ChildJvm.command(List.of());
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "export",
            "--random",
            "--preset",
            "vit-b-32",
            "--vocab",
            vocab.toString(),
            "--out",
            out.toString()));
    Files.createDirectories(log.getParent());
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (p.waitFor() != 0) {
      throw new IOException("export of vit-b-32 failed; see " + log);
    }
  }
}
