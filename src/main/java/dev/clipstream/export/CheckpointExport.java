package dev.clipstream.export;

import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The {@code export} use cases: a user's safetensors checkpoint (Hugging Face or OpenAI key names)
 * or a random initialisation of a preset, into a model folder.
 */
public final class CheckpointExport {
  private CheckpointExport() {}

  /**
   * Export of a checkpoint.
   *
   * @param checkpoint a folder with {@code *.safetensors} (+ optional {@code config.json}, {@code
   *     vocab.json}, {@code merges.txt}), or the safetensors file itself
   * @param vocab BPE vocabulary to ship ({@code bpe_simple_vocab_16e6.txt.gz}); null = the
   *     checkpoint folder's {@code vocab.json} + {@code merges.txt}
   * @param name model name; null = the checkpoint folder's name
   * @param out model folder to create
   * @param intraOpThreads TF intra-op threads (0 = default)
   * @param interOpThreads TF inter-op threads (0 = default)
   */
  public record Options(
      Path checkpoint, Path vocab, String name, Path out, int intraOpThreads, int interOpThreads) {}

  /** Exports a checkpoint; progress and notes go to {@code log}. */
  public static ModelManifest run(Options o, Consumer<String> log)
      throws IOException, CheckpointException {
    ClipExporter.checkTarget(o.out());
    Path file = findSafetensors(o.checkpoint());
    Path dir =
        Files.isDirectory(o.checkpoint()) ? o.checkpoint() : file.toAbsolutePath().getParent();
    log.accept("reading " + file);
    Checkpoint checkpoint = Checkpoint.open(SafeTensors.open(file));
    log.accept("key names: " + checkpoint.naming());
    ClipConfig config = CheckpointConfig.read(dir, checkpoint, log);
    log.accept("architecture: " + config);
    checkpoint.checkMatches(ClipParameters.of(config));
    List<Path> tokenizer = tokenizerFiles(o.vocab(), dir);
    String name =
        o.name() != null ? o.name() : dir.toAbsolutePath().normalize().getFileName().toString();
    return ClipExporter.export(
        new ClipExporter.Request(
            name,
            "1",
            config,
            checkpoint,
            sha256(file),
            false,
            tokenizer,
            o.out(),
            o.intraOpThreads(),
            o.interOpThreads()),
        log);
  }

  /**
   * Exports random weights of a preset ({@code "random": true} in model.json).
   *
   * @param vocab BPE vocabulary to ship, or null for none (then only images can be encoded)
   */
  public static ModelManifest random(
      String preset,
      long seed,
      Path vocab,
      Path out,
      int intraOps,
      int interOps,
      Consumer<String> log)
      throws IOException, CheckpointException {
    ClipConfig config = Presets.get(preset);
    ClipExporter.checkTarget(out);
    List<Path> tokenizer = new ArrayList<>();
    if (vocab != null) {
      tokenizer.add(vocab);
    } else {
      log.accept("note: no --vocab given; the model folder will have no tokenizer (images only)");
    }
    return ClipExporter.export(
        new ClipExporter.Request(
            "random-" + preset,
            "1",
            config,
            new RandomWeights(config, seed),
            null,
            true,
            tokenizer,
            out,
            intraOps,
            interOps),
        log);
  }

  static Path findSafetensors(Path checkpoint) throws IOException, CheckpointException {
    if (Files.isRegularFile(checkpoint)) {
      return checkpoint;
    }
    if (!Files.isDirectory(checkpoint)) {
      throw new CheckpointException("checkpoint " + checkpoint + " does not exist");
    }
    Path preferred = checkpoint.resolve("model.safetensors");
    if (Files.isRegularFile(preferred)) {
      return preferred;
    }
    List<Path> found;
    try (Stream<Path> s = Files.list(checkpoint)) {
      found = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
    }
    if (found.size() == 1) {
      return found.get(0);
    }
    if (found.size() > 1) {
      throw new CheckpointException(
          "several .safetensors files in "
              + checkpoint
              + " (sharded checkpoints are not supported): "
              + found);
    }
    throw new CheckpointException(
        "no .safetensors file in "
            + checkpoint
            + " (PyTorch .bin/.pt checkpoints are not read: convert them to safetensors first)");
  }

  static List<Path> tokenizerFiles(Path vocab, Path dir) throws CheckpointException {
    if (vocab != null) {
      if (!Files.isRegularFile(vocab)) {
        throw new CheckpointException("--vocab " + vocab + " does not exist");
      }
      return List.of(vocab);
    }
    Path json = dir.resolve("vocab.json");
    Path merges = dir.resolve("merges.txt");
    if (Files.isRegularFile(json) && Files.isRegularFile(merges)) {
      return List.of(json, merges);
    }
    throw new CheckpointException(
        "no tokenizer: pass --vocab bpe_simple_vocab_16e6.txt.gz, or put vocab.json and merges.txt in "
            + dir);
  }

  /** Hex sha256 of a file. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 20];
      for (int r; (r = in.read(buf)) > 0; ) {
        md.update(buf, 0, r);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
