package dev.clipstream.cli.bench;

import dev.clipstream.model.ModelManifest;
import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.PreprocessOptions;
import dev.clipstream.runtime.RuntimeOptions;
import dev.clipstream.runtime.SavedModelClip;
import dev.clipstream.tokenizer.ClipTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;

/** Runs every stage for one model: raw limit first, then the server with batching on and off. */
final class ModelBench {
  private static final double WARM_UP_CALL_PATH_SECONDS = 5;
  private static final double WARM_UP_PER_KIND_SECONDS = 2;
  private static final int WARM_UP_CONCURRENCY = 8;
  private static final int WARM_UP_KIND_CONCURRENCY = 4;
  // Rounds take three calls each: three times the window gives as many server calls as a sweep
  // point.
  private static final double ROUNDS_MEASURE_FACTOR = 3;
  private static final int MIN_ROUNDS = 20;
  // Texts per call in the client-batched sweep: a client embedding a caption list in chunks pays
  // the per-call gRPC cost once per chunk, as the raw limit pays TF's per-run cost once per batch.
  static final int TEXTS_PER_CLIENT_BATCH = 8;

  private final BenchSettings settings;
  private final ProgressBar progress;
  private final Path jar;
  private final Path results;
  private final List<String> batchingOff;
  private final double soakMinutes;

  ModelBench(
      BenchSettings settings,
      ProgressBar progress,
      Path jar,
      Path results,
      List<String> batchingOff,
      double soakMinutes) {
    this.settings = settings;
    this.progress = progress;
    this.jar = jar;
    this.results = results;
    this.batchingOff = batchingOff;
    this.soakMinutes = soakMinutes;
  }

  ModelResults run(BenchModel model, List<byte[]> jpegs) throws Exception {
    List<String> captions = RawBench.captions(512);
    ModelManifest manifest = ModelManifest.read(model.dir());
    ModelResults out = new ModelResults();
    RawBench raw = new RawBench(settings, progress);
    ClipPreprocessor preprocessor =
        new ClipPreprocessor(PreprocessOptions.clip(manifest.imageResolution()));
    ClipTokenizer tokenizer = ClipTokenizer.fromDirectory(model.dir().resolve("tokenizer"));
    try (SavedModelClip clip = loadRaw(model)) {
      out.image().raw().putAll(raw.image(model.name(), clip, preprocessor, jpegs));
      out.text().raw().putAll(raw.text(model.name(), clip, tokenizer, captions));
    }
    Path repo = Files.createTempDirectory("clip-bench-models-");
    try {
      Files.createSymbolicLink(repo.resolve(model.name()), model.dir().toAbsolutePath());
      runServer(model, new Inputs(jpegs, captions, preprocessor, tokenizer), repo, out);
    } finally {
      TempFiles.deleteRecursively(repo);
    }
    return out;
  }

  /** What both the raw calls and the load generator send. */
  private record Inputs(
      List<byte[]> jpegs,
      List<String> captions,
      ClipPreprocessor preprocessor,
      ClipTokenizer tokenizer) {}

  private SavedModelClip loadRaw(BenchModel model) throws IOException {
    return SavedModelClip.load(model.dir(), new RuntimeOptions(settings.cores(), settings.cores()));
  }

  private void runServer(BenchModel model, Inputs in, Path repo, ModelResults out)
      throws Exception {
    List<byte[]> jpegs = in.jpegs();
    List<String> captions = in.captions();
    Path logs = results.resolve("logs");
    ServerLaunch launch =
        new ServerLaunch(
            jar, settings.serverJvmOptions(), settings.serverEnv(), repo, model.name(), Map.of());
    try (ServerProcess server =
        ServerProcess.start(launch, logs.resolve(model.name() + "-batching-on.log"))) {
      try (LoadGenerator load =
          new LoadGenerator(server.port(), maxConcurrency(), jpegs, captions)) {
        warmUp(model.name(), load);
        DoubleSupplier cpu = server::cpuSeconds;
        sweep(
            model.name() + " server image unary", out.image().serverUnary(), load::unaryImage, cpu);
        sweep(model.name() + " server text unary", out.text().serverUnary(), load::unaryText, cpu);
        sweep(
            model.name() + " server tag-frames stream",
            out.image().serverStream(),
            load::tagFrames,
            cpu);
        sweep(
            model.name() + " server image encode-stream",
            out.image().serverEncodeStream(),
            load::streamImage,
            cpu);
        sweep(
            model.name() + " server text encode-stream",
            out.text().serverEncodeStream(),
            load::streamText,
            cpu);
        sweep(
            model.name() + " server text unary x" + TEXTS_PER_CLIENT_BATCH,
            out.text().clientBatched(TEXTS_PER_CLIENT_BATCH).sweep(),
            clientBatchedTexts(load),
            cpu,
            clientBatchedConcurrencies(settings.concurrencies(), TEXTS_PER_CLIENT_BATCH));
        try (SavedModelClip clip = loadRaw(model)) {
          concurrencyOne(clip, model, in, server.port(), load, launch, logs, out);
          interleaveBestPoints(clip, model, in, load, server::cpuSeconds, out);
        }
        out.setPeakRssMiB(server.peakRssMiB());
        if (soakMinutes > 0) {
          progress.step(model.name() + " soak " + soakMinutes + " min");
          out.soakRssMiB().putAll(soak(server, load));
        }
      }
    }
    try (ServerProcess server =
        ServerProcess.start(
            launch.withConfig(config(batchingOff)),
            logs.resolve(model.name() + "-batching-off.log"))) {
      try (LoadGenerator load =
          new LoadGenerator(server.port(), maxConcurrency(), jpegs, captions)) {
        warmUp(model.name(), load);
        sweep(
            model.name() + " server image unary, batching off",
            out.image().serverUnbatched(),
            load::unaryImage,
            server::cpuSeconds);
      }
    }
  }

  /**
   * Concurrency 1 once more, after every sweep (both JITs settled): rounds of a raw batch-1 call in
   * this process, a unary server call and a unary call to the {@link ReferenceServer} (a plain
   * grpc-java server around the same session, started like {@code serve}), with the server's stage
   * times over those calls ({@link ReferencedLatency}).
   */
  private void concurrencyOne(
      SavedModelClip clip,
      BenchModel model,
      Inputs in,
      int port,
      LoadGenerator load,
      ServerLaunch launch,
      Path logs,
      ModelResults out)
      throws Exception {
    try (ServerProcess reference =
            ServerProcess.start(
                launch.reference(), logs.resolve(model.name() + "-reference-grpc-java.log"));
        LoadGenerator referenceLoad =
            new LoadGenerator(reference.port(), WARM_UP_CONCURRENCY, in.jpegs(), in.captions())) {
      warmUpReference(model.name(), referenceLoad);
      PairedLatency.LastModelTime rawModel = new PairedLatency.LastModelTime();
      PairedLatency.LastModelTime serverModel = new PairedLatency.LastModelTime();
      PairedLatency.LastModelTime referenceModel = new PairedLatency.LastModelTime();
      try (ClosedLoop.Call serverImage = load.unaryImage(0, serverModel);
          ClosedLoop.Call serverText = load.unaryText(0, serverModel);
          ClosedLoop.Call referenceImage = referenceLoad.unaryImage(0, referenceModel);
          ClosedLoop.Call referenceText = referenceLoad.unaryText(0, referenceModel)) {
        progress.step(model.name() + " image c=1, raw, server and reference in turn");
        rounds(
            new PairedLatency.Side(
                RawBench.imageBatch1Call(clip, in.preprocessor(), in.jpegs(), rawModel), rawModel),
            new PairedLatency.Side(serverImage, serverModel),
            new PairedLatency.Side(referenceImage, referenceModel),
            new ServerTower(port, model.name(), "image"),
            out.image());
        progress.step(model.name() + " text c=1, raw, server and reference in turn");
        rounds(
            new PairedLatency.Side(
                RawBench.textBatch1Call(clip, in.tokenizer(), in.captions(), rawModel), rawModel),
            new PairedLatency.Side(serverText, serverModel),
            new PairedLatency.Side(referenceText, referenceModel),
            new ServerTower(port, model.name(), "text"),
            out.text());
      }
    }
  }

  /**
   * What serve's own warm-up gave it: the call paths, then the kinds the rounds call. serve has
   * also run every sweep since, which no warm-up of a few seconds matches on vit-b-32: there the
   * reference's code is the less warm of the two.
   */
  private void warmUpReference(String name, LoadGenerator load) throws InterruptedException {
    warmUp(name + " reference server", load, List.of(load::unaryImage, load::unaryText));
  }

  /**
   * Each tower's best sweep point against the raw phase's best batch size, in alternating windows
   * ({@link InterleavedComparison}): the ratio the throughput targets are judged on.
   */
  private void interleaveBestPoints(
      SavedModelClip clip,
      BenchModel model,
      Inputs in,
      LoadGenerator load,
      DoubleSupplier serverCpu,
      ModelResults out)
      throws InterruptedException {
    TowerResults image = out.image();
    TowerResults.ServerPoint imagePoint = image.bestServerPoint();
    image.setInterleaved(
        interleave(
            model.name() + " image",
            image,
            RawBench.imageEndToEnd(clip, in.preprocessor(), in.jpegs(), image.bestEndToEndBatch()),
            imagePoint,
            switch (imagePoint.kind()) {
              case "tag-frames" -> load::tagFrames;
              case "encode-stream" -> load::streamImage;
              default -> load::unaryImage;
            },
            serverCpu));
    TowerResults text = out.text();
    IntFunction<ClosedLoop.Call> rawTexts =
        RawBench.textEndToEnd(clip, in.tokenizer(), in.captions(), text.bestEndToEndBatch());
    TowerResults.ServerPoint textPoint = text.bestServerPoint();
    text.setInterleaved(
        interleave(
            model.name() + " text",
            text,
            rawTexts,
            textPoint,
            textPoint.kind().equals("encode-stream") ? load::streamText : load::unaryText,
            serverCpu));
    ClientBatchedResults batched = text.clientBatched();
    TowerResults.ServerPoint batchedPoint = batched == null ? null : batched.bestPoint();
    if (batchedPoint != null) {
      batched.setInterleaved(
          interleave(
              model.name() + " text",
              text,
              rawTexts,
              batchedPoint,
              clientBatchedTexts(load),
              serverCpu));
    }
  }

  private static IntFunction<ClosedLoop.Call> clientBatchedTexts(LoadGenerator load) {
    return worker -> load.unaryTexts(worker, TEXTS_PER_CLIENT_BATCH);
  }

  /**
   * Calls in flight for the client-batched sweep: the sweep's concurrencies whose items in flight
   * stay within the largest single-item point, and that point's items in calls (for 1, 4, 16, 64,
   * 256 and 8 per call: 1, 4, 16, 32), so no point queues more items than the other sweeps do.
   */
  static List<Integer> clientBatchedConcurrencies(List<Integer> concurrencies, int perCall) {
    int max = concurrencies.stream().mapToInt(Integer::intValue).max().orElse(1);
    TreeSet<Integer> out = new TreeSet<>();
    for (int c : concurrencies) {
      if ((long) c * perCall <= max) {
        out.add(c);
      }
    }
    out.add(Math.max(1, max / perCall));
    return List.copyOf(out);
  }

  private InterleavedComparison interleave(
      String label,
      TowerResults tower,
      IntFunction<ClosedLoop.Call> rawCalls,
      TowerResults.ServerPoint point,
      IntFunction<ClosedLoop.Call> serverCalls,
      DoubleSupplier serverCpu)
      throws InterruptedException {
    int batch = tower.bestEndToEndBatch();
    progress.step(label + " raw b=" + batch + " vs server " + point.label() + ", alternating");
    return InterleavedComparison.run(
        settings.alternatingRounds(),
        batch,
        point.label(),
        () ->
            ClosedLoop.run(
                settings.cores(),
                settings.warmupSeconds(),
                settings.measureSeconds(),
                rawCalls,
                ProcessCpu::self),
        () ->
            ClosedLoop.run(
                point.concurrency(),
                settings.warmupSeconds(),
                settings.measureSeconds(),
                serverCalls,
                serverCpu));
  }

  /** Where the server's stage metrics of one tower are read. */
  private record ServerTower(int port, String model, String tower) {
    ServerStages read() throws IOException, InterruptedException {
      return ServerStages.read(port, model, tower);
    }
  }

  private void rounds(
      PairedLatency.Side raw,
      PairedLatency.Side server,
      PairedLatency.Side reference,
      ServerTower tower,
      TowerResults into)
      throws Exception {
    ReferencedLatency.warmUp(raw, server, reference, settings.warmupSeconds());
    ServerStages before = tower.read();
    ReferencedLatency.Result rounds =
        ReferencedLatency.run(
            raw, server, reference, ROUNDS_MEASURE_FACTOR * settings.measureSeconds(), MIN_ROUNDS);
    into.setC1Referenced(rounds, tower.read().since(before));
  }

  /**
   * JIT warm-up of both processes' call paths before the first measured point. The per-point
   * warm-up is seconds, which on vit-b-32 at concurrency 1 is a few dozen calls: without this the
   * first sweep (unary images) measured interpreted gRPC code in the client and the server (a probe
   * measured 2–4 ms of client CPU per cold unary call, under 1 ms warm). ListModels exercises the
   * per-call path without model work, and EncodeImage to an unknown model the large-message path
   * (each is rejected after parsing), so thousands of calls fit in a few seconds; then each
   * measured call kind runs briefly. The server compiles its preprocessing before it is ready
   * ({@code clip.models.warmup-images}).
   */
  private void warmUp(String name, LoadGenerator load) throws InterruptedException {
    warmUp(
        name,
        load,
        List.of(
            load::unaryImage,
            load::unaryText,
            load::streamImage,
            load::streamText,
            clientBatchedTexts(load)));
  }

  /** The call paths, then each of {@code kinds} briefly. */
  private void warmUp(String name, LoadGenerator load, List<IntFunction<ClosedLoop.Call>> kinds)
      throws InterruptedException {
    progress.step(name + " warm-up of the gRPC call paths");
    ClosedLoop.run(WARM_UP_CONCURRENCY, 0, WARM_UP_CALL_PATH_SECONDS, load::listModels);
    ClosedLoop.run(WARM_UP_CONCURRENCY, 0, WARM_UP_CALL_PATH_SECONDS, load::imageToUnknownModel);
    for (IntFunction<ClosedLoop.Call> calls : kinds) {
      ClosedLoop.run(WARM_UP_KIND_CONCURRENCY, 0, WARM_UP_PER_KIND_SECONDS, calls);
    }
  }

  private void sweep(
      String label,
      Map<Integer, LatencyStats> into,
      IntFunction<ClosedLoop.Call> calls,
      DoubleSupplier serverCpuSeconds)
      throws InterruptedException {
    sweep(label, into, calls, serverCpuSeconds, settings.concurrencies());
  }

  private void sweep(
      String label,
      Map<Integer, LatencyStats> into,
      IntFunction<ClosedLoop.Call> calls,
      DoubleSupplier serverCpuSeconds,
      List<Integer> concurrencies)
      throws InterruptedException {
    for (int c : concurrencies) {
      progress.step(label + " c=" + c);
      into.put(
          c,
          ClosedLoop.run(
              c, settings.warmupSeconds(), settings.measureSeconds(), calls, serverCpuSeconds));
    }
  }

  /** RSS samples (minute → MiB) under concurrency 16 for the soak length. */
  private Map<Double, Double> soak(ServerProcess server, LoadGenerator load)
      throws InterruptedException {
    Map<Double, Double> samples = new LinkedHashMap<>();
    double sampleSeconds = 10;
    int rounds = (int) Math.ceil(soakMinutes * 60 / sampleSeconds);
    for (int i = 0; i < rounds; i++) {
      ClosedLoop.run(16, 0, sampleSeconds, load::unaryImage);
      samples.put((i + 1) * sampleSeconds / 60, server.rssMiB());
    }
    return samples;
  }

  private int maxConcurrency() {
    return settings.concurrencies().stream().mapToInt(Integer::intValue).max().orElse(1);
  }

  private static Map<String, String> config(List<String> pairs) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : new ArrayList<>(pairs)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IOException("--batching-off entry is not key=value: " + pair);
      }
      out.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return out;
  }
}
