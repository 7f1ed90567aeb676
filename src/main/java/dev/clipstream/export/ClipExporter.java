package dev.clipstream.export;

import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.ModelManifest;
import dev.clipstream.model.Signatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Writes a model folder: {@code saved_model.pb} + {@code variables/} (two signatures, {@code
 * encode_image} and {@code encode_text}, with a dynamic batch dimension), {@code tokenizer/} and
 * {@code model.json}. The folder is assembled beside the target and moved into place at the end, so
 * a server scanning the parent never sees half a model.
 */
public final class ClipExporter {
  /** Written into every manifest. */
  public static final String EXPORTER_VERSION = "clipstream-export 0.1.0";

  /** Tokenizer folder inside a model folder. */
  public static final String TOKENIZER_DIR = "tokenizer";

  /**
   * What to export.
   *
   * @param name model name for {@code model.json}
   * @param version model version for {@code model.json}
   * @param config architecture
   * @param weights initial values of every variable
   * @param sourceSha256 sha256 of the source weights file, null when none
   * @param random whether the weights are random
   * @param tokenizerFiles files copied into {@code tokenizer/} (a BPE {@code .txt.gz}, or {@code
   *     vocab.json} + {@code merges.txt})
   * @param out the model folder to create; must not exist or be empty
   * @param intraOpThreads TF intra-op pool size, 0 = TF's default
   * @param interOpThreads TF inter-op pool size, 0 = TF's default
   */
  public record Request(
      String name,
      String version,
      ClipConfig config,
      WeightSource weights,
      String sourceSha256,
      boolean random,
      List<Path> tokenizerFiles,
      Path out,
      int intraOpThreads,
      int interOpThreads) {
    public Request {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(weights, "weights");
      Objects.requireNonNull(out, "out");
      tokenizerFiles = List.copyOf(tokenizerFiles);
    }
  }

  private ClipExporter() {}

  /**
   * Builds the graph, loads the weights, and writes the folder.
   *
   * @param log receives progress lines (e.g. {@code System.err::println})
   * @return the manifest written
   */
  public static ModelManifest export(Request r, Consumer<String> log)
      throws IOException, CheckpointException {
    checkTarget(r.out());
    for (Path f : r.tokenizerFiles()) {
      if (!Files.isRegularFile(f)) {
        throw new CheckpointException("tokenizer file not found: " + f);
      }
    }
    Path parent = r.out().toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, "." + r.out().getFileName() + ".partial-");
    Files.delete(tmp); // the SavedModel exporter creates it
    try {
      ModelManifest manifest = writeSavedModel(r, tmp, log);
      Path tok = Files.createDirectories(tmp.resolve(TOKENIZER_DIR));
      for (Path f : r.tokenizerFiles()) {
        try (var in = Files.newInputStream(f)) {
          Files.copy(in, tok.resolve(f.getFileName())); // not the source's (read-only) mode
        }
      }
      manifest.write(tmp);
      if (Files.isDirectory(r.out())) {
        Files.delete(r.out()); // empty, checked above
      }
      Files.move(tmp, r.out(), StandardCopyOption.ATOMIC_MOVE);
      log.accept("wrote " + r.out() + " (" + humanBytes(folderBytes(r.out())) + ")");
      return manifest;
    } finally {
      deleteRecursively(tmp);
    }
  }

  private static ModelManifest writeSavedModel(Request r, Path dir, Consumer<String> log)
      throws IOException, CheckpointException {
    ClipConfig c = r.config();
    long params = ClipParameters.count(c);
    log.accept(
        String.format(
            "building graph: %,d parameters (%.1f M), weights from %s",
            params, params / 1e6, r.weights().describe()));
    try (Graph g = new Graph();
        Session session =
            new Session(g, TfSessions.config(r.intraOpThreads(), r.interOpThreads()))) {
      Ops tf = Ops.create(g);
      ClipModel model = ClipModel.create(tf, c);
      int res = c.vision().imageResolution();
      Placeholder<TFloat32> pixels =
          tf.withName(Signatures.PIXEL_VALUES)
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3, res, res)));
      Placeholder<TInt32> ids =
          tf.withName(Signatures.INPUT_IDS)
              .placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, c.text().contextLength())));
      Operand<TFloat32> imageEmbeds =
          tf.withName(Signatures.IMAGE_EMBEDS).identity(model.encodeImage(pixels));
      Operand<TFloat32> textEmbeds =
          tf.withName(Signatures.TEXT_EMBEDS).identity(model.encodeText(ids));
      model.loadWeights(session, r.weights(), progressLogger(log));
      double logitScale = readScalar(session, model.logitScale());
      Signature image =
          Signature.builder()
              .key(Signatures.ENCODE_IMAGE)
              .input(Signatures.PIXEL_VALUES, pixels)
              .output(Signatures.IMAGE_EMBEDS, imageEmbeds)
              .build();
      Signature text =
          Signature.builder()
              .key(Signatures.ENCODE_TEXT)
              .input(Signatures.INPUT_IDS, ids)
              .output(Signatures.TEXT_EMBEDS, textEmbeds)
              .build();
      log.accept("writing SavedModel");
      SavedModelBundle.exporter(dir.toString())
          .withTags(Signatures.SERVE_TAG)
          .withSession(session)
          .withFunction(SessionFunction.create(image, session))
          .withFunction(SessionFunction.create(text, session))
          .export();
      return ModelManifest.of(
          r.name(), r.version(), c, logitScale, r.sourceSha256(), r.random(), EXPORTER_VERSION);
    }
  }

  private static double readScalar(Session session, Operand<TFloat32> scalar) {
    try (Result res = session.runner().fetch(scalar).run()) {
      return ((TFloat32) res.get(0)).getFloat();
    }
  }

  /** Logs about every 10% of the parameters, so long exports show they are alive. */
  static ClipModel.Progress progressLogger(Consumer<String> log) {
    return new ClipModel.Progress() {
      private long lastTenth = -1;

      @Override
      public void update(String key, long done, long total) {
        long tenth = done * 10 / Math.max(1, total);
        if (tenth != lastTenth) {
          lastTenth = tenth;
          log.accept(
              String.format(
                  "loading weights: %3d%% (%.1f M of %.1f M parameters, last %s)",
                  done * 100 / Math.max(1, total), done / 1e6, total / 1e6, key));
        }
      }
    };
  }

  /** Fails unless {@code out} is absent or an empty folder. */
  public static void checkTarget(Path out) throws IOException, CheckpointException {
    if (Files.exists(out)) {
      if (!Files.isDirectory(out)) {
        throw new CheckpointException("output " + out + " exists and is not a folder");
      }
      try (Stream<Path> s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          throw new CheckpointException(
              "output folder " + out + " is not empty; remove it or choose another --out");
        }
      }
    }
  }

  /** Total size of the files under {@code dir}. */
  public static long folderBytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }

  static String humanBytes(long bytes) {
    return bytes >= 1 << 20
        ? String.format("%.1f MB", bytes / 1048576.0)
        : String.format("%.1f KB", bytes / 1024.0);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
