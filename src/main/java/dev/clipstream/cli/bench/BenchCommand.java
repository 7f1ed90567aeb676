package dev.clipstream.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.PreprocessOptions;
import dev.clipstream.preprocess.SyntheticImages;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: measures the server against the raw model limit on this machine, in one run.
 *
 * <p>Stages: preprocessing alone; the raw in-process limit per tower (model only, and end to end
 * with decode/tokenise); the server under closed-loop gRPC load from this process (unary and
 * streaming, batching on and off). Writes {@code summary.json}, {@code results.md} and PNG plots.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks raw TF-Java throughput, preprocessing, and the gRPC server, side by side.",
      "Results go to bench/results/<date>-<host>/ (summary.json, results.md, *.png).",
      "Example: bench --model models/shapes-vit-tiny --vit-b-32 --seconds 5"
    })
public final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      description = "Model folder to bench (repeatable). Default: every folder under models/.")
  List<Path> models = new ArrayList<>();

  @Option(
      names = "--vit-b-32",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Also export a random-weight vit-b-32 on the fly (never committed). Default: ${DEFAULT-VALUE}.")
  boolean vitB32;

  @Option(
      names = "--vocab",
      description =
          "CLIP's BPE vocabulary (bpe_simple_vocab_16e6.txt.gz) for the random vit-b-32's tokenizer."
              + " Default: the oracle's copy under $CLIP_ORACLE_DIR or ../shared/clip-oracle.")
  Path vocab;

  @Option(
      names = "--seconds",
      defaultValue = "5",
      description = "Measured seconds per point (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      description = "Warm-up seconds per point (default ${DEFAULT-VALUE}).")
  double warmup;

  @Option(
      names = "--max-batch",
      defaultValue = "32",
      description = "Largest raw batch size (default ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "Alternating rounds of one raw and one server window behind each server/raw ratio, the"
              + " median of theirs; one round is worth about ±15 % on a VM (default"
              + " ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--concurrency",
      split = ",",
      defaultValue = "1,4,16,64,256",
      description = "Server concurrency levels (default ${DEFAULT-VALUE}).")
  List<Integer> concurrencies;

  @Option(
      names = "--soak-minutes",
      defaultValue = "0",
      description =
          "Also run a soak of unary image calls at concurrency 16 on the vit-b-32 model (else the"
              + " last model), sampling the server's RSS every 10 s (default off).")
  double soakMinutes;

  @Option(
      names = "--jar",
      defaultValue = "target/quarkus-app/quarkus-run.jar",
      description = "The server jar.")
  Path jar;

  @Option(
      names = "--out",
      description =
          "Results folder. Default: bench/results/<date>-<host>/; one that already holds files"
              + " gets -2, -3, … appended.")
  Path out;

  @Option(
      names = "--batching-off",
      split = ",",
      defaultValue = "clip.batching.image.max-batch-size=1,clip.batching.text.max-batch-size=1",
      description = "Server config that turns batching off (default ${DEFAULT-VALUE}).")
  List<String> batchingOff;

  @Option(
      names = "--only-vit-b-32",
      description =
          "Bench only the random vit-b-32, not the model folders under models/ (default: both).")
  boolean onlyVitB32;

  @Option(
      names = "--server-jvm-option",
      description =
          "JVM option of the serve child process, repeatable (e.g. --server-jvm-option=-Xmx1g,"
              + " as a deployment would bound the heap). Default: none, the JVM's own sizing.")
  List<String> serverJvmOptions = new ArrayList<>();

  @Option(
      names = "--server-env",
      description =
          "Environment variable NAME=VALUE of the serve child process, repeatable (e.g."
              + " --server-env=MALLOC_ARENA_MAX=2, as a container spec would set it). Default: this"
              + " process's environment only.")
  Map<String, String> serverEnv = new LinkedHashMap<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    checkOptions();
    Path results = ResultsFolder.fresh(out != null ? out : defaultOut());
    Files.createDirectories(results);
    int cores = Runtime.getRuntime().availableProcessors();
    BenchSettings settings =
        new BenchSettings(
            warmup,
            seconds,
            BenchSettings.powersOfTwo(maxBatch),
            concurrencies,
            cores,
            serverJvmOptions,
            serverEnv,
            rounds);
    List<BenchModel> targets =
        BenchModel.resolve(
            models,
            !onlyVitB32,
            vitB32 || onlyVitB32,
            vocab != null ? vocab : defaultVocab(),
            jar,
            results);
    int steps =
        2 + targets.size() * (4 * settings.batchSizes().size() + 6 * concurrencies.size() + 8);
    ProgressBar progress = new ProgressBar(System.err, steps);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode summary = json.createObjectNode();
    summary.put("date", LocalDate.now().toString());
    summary.put("host", InetAddress.getLocalHost().getHostName());
    summary.put("cores", cores);
    // The server child inherits this JVM's Vector API module (ChildJvm), so one value covers both.
    summary.put("image_resize", ClipPreprocessor.resizeImplementation());
    summary.put("seconds_per_point", seconds);
    summary.put("alternating_rounds", rounds);
    summary.putPOJO("server_jvm_options", serverJvmOptions);
    summary.putPOJO("server_env", serverEnv);

    List<byte[]> vga = images(640, 480, 8);
    List<byte[]> fullHd = images(1920, 1080, 4);
    ObjectNode pre = summary.putObject("preprocess");
    ClipPreprocessor preprocessor = new ClipPreprocessor(PreprocessOptions.clip(224));
    for (var entry : Map.of("640x480", vga, "1920x1080", fullHd).entrySet()) {
      progress.step("preprocess " + entry.getKey());
      LatencyStats stats =
          ClosedLoop.run(
              cores,
              warmup,
              seconds,
              w -> {
                int[] next = {w};
                float[] buffer = new float[3 * 224 * 224];
                return () -> {
                  preprocessor.preprocessInto(
                      entry.getValue().get(next[0]++ % entry.getValue().size()), buffer, 0);
                  return 1;
                };
              });
      pre.put(entry.getKey() + "_images_per_s", stats.throughput());
      pre.put(entry.getKey() + "_ms_per_image_per_core", 1000.0 * cores / stats.throughput());
    }

    ObjectNode modelsNode = summary.putObject("models");
    Map<String, ModelResults> all = new LinkedHashMap<>();
    BenchModel soaked = soakTarget(targets);
    try {
      for (BenchModel model : targets) {
        ModelResults r =
            new ModelBench(
                    settings,
                    progress,
                    jar,
                    results,
                    batchingOff,
                    model == soaked ? soakMinutes : 0)
                .run(model, vga);
        all.put(model.name(), r);
        modelsNode.set(model.name(), r.toJson(json));
      }
    } finally {
      for (BenchModel model : targets) {
        if (model.temporary()) {
          TempFiles.deleteRecursively(model.dir().getParent());
        }
      }
    }
    progress.finish();
    all.entrySet().stream()
        .filter(e -> e.getKey().contains("vit-b-32"))
        .findFirst()
        .or(() -> all.entrySet().stream().findFirst())
        .ifPresent(
            e -> {
              summary.put("batching_speedup", e.getValue().batchingSpeedup(64));
              summary.put("batching_speedup_model", e.getKey());
            });
    summary.put("preprocess_keeps_up", preprocessKeepsUp(pre, all));
    json.writeValue(results.resolve("summary.json").toFile(), summary);
    String table = ResultsTable.markdown(summary, all);
    Files.writeString(results.resolve("results.md"), table);
    for (var e : all.entrySet()) {
      e.getValue().plots(e.getKey(), results);
    }
    System.out.println(table);
    System.out.println("results: " + results.toAbsolutePath());
    return 0;
  }

  /** Rejects values no measurement can run with, before a results folder is made. */
  private void checkOptions() {
    require(seconds > 0, "--seconds must be > 0, got " + seconds);
    require(warmup >= 0, "--warmup must be >= 0, got " + warmup);
    require(maxBatch >= 1, "--max-batch must be >= 1, got " + maxBatch);
    require(rounds >= 1, "--rounds must be >= 1, got " + rounds);
    require(soakMinutes >= 0, "--soak-minutes must be >= 0, got " + soakMinutes);
    require(
        !concurrencies.isEmpty() && concurrencies.stream().allMatch(c -> c >= 1),
        "--concurrency must list levels >= 1, got " + concurrencies);
  }

  private void require(boolean holds, String message) {
    if (!holds) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  /** The soak runs once, on the large model (vit-b-32) when there is one: its RSS matters. */
  private static BenchModel soakTarget(List<BenchModel> targets) {
    return targets.stream()
        .filter(BenchModel::temporary)
        .findFirst()
        .orElse(targets.isEmpty() ? null : targets.get(targets.size() - 1));
  }

  private static String preprocessKeepsUp(ObjectNode pre, Map<String, ModelResults> all) {
    double prep = pre.path("640x480_images_per_s").asDouble();
    StringBuilder verdict = new StringBuilder();
    for (var e : all.entrySet()) {
      double raw = e.getValue().image().bestModelOnly();
      verdict.append(
          String.format(
              "%s: preprocess %.1f img/s vs model-only best %.1f img/s (%s); ",
              e.getKey(), prep, raw, prep >= raw ? "keeps up" : "does not keep up"));
    }
    return verdict.toString().trim();
  }

  private static List<byte[]> images(int width, int height, int count) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(SyntheticImages.jpeg(width, height, 1000L * width + i));
    }
    return out;
  }

  private static Path defaultVocab() {
    String oracle = System.getenv("CLIP_ORACLE_DIR");
    Path dir =
        oracle != null && !oracle.isBlank()
            ? Path.of(oracle)
            : Path.of("..", "shared", "clip-oracle");
    return dir.resolve("bpe_simple_vocab_16e6.txt.gz");
  }

  private static Path defaultOut() throws java.io.IOException {
    String host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of("bench", "results", LocalDate.now() + "-" + host);
  }
}
