package dev.clipstream.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Measurements of one tower (image or text) of one model. */
final class TowerResults {
  private final Map<Integer, RawBench.RawPoint> raw = new TreeMap<>();
  private final Map<Integer, LatencyStats> serverUnary = new TreeMap<>();
  private final Map<Integer, LatencyStats> serverStream = new TreeMap<>();
  private final Map<Integer, LatencyStats> serverUnbatched = new TreeMap<>();
  private final Map<Integer, LatencyStats> serverEncodeStream = new TreeMap<>();
  private ClientBatchedResults clientBatched;
  private PairedLatency.Result c1Paired;
  private ServerStages c1ServerStages;
  private ReferencedLatency.Result c1Referenced;
  private InterleavedComparison interleaved;

  /** A point of the server sweeps: the call kind and the concurrency. */
  record ServerPoint(String kind, int concurrency, double throughput) {
    String label() {
      return kind + " c=" + concurrency;
    }
  }

  Map<Integer, RawBench.RawPoint> raw() {
    return raw;
  }

  Map<Integer, LatencyStats> serverUnary() {
    return serverUnary;
  }

  Map<Integer, LatencyStats> serverStream() {
    return serverStream;
  }

  /** EncodeStream, one item in flight per stream: no per-call setup. */
  Map<Integer, LatencyStats> serverEncodeStream() {
    return serverEncodeStream;
  }

  Map<Integer, LatencyStats> serverUnbatched() {
    return serverUnbatched;
  }

  /** Client-batched calls, created on first use with their items per call. */
  ClientBatchedResults clientBatched(int itemsPerCall) {
    if (clientBatched == null) {
      clientBatched = new ClientBatchedResults(itemsPerCall);
    } else if (clientBatched.itemsPerCall() != itemsPerCall) {
      throw new IllegalArgumentException(
          "client-batched calls carry "
              + clientBatched.itemsPerCall()
              + " items, not "
              + itemsPerCall);
    }
    return clientBatched;
  }

  /** Client-batched calls when measured, else null. */
  ClientBatchedResults clientBatched() {
    return clientBatched;
  }

  /**
   * Concurrency 1 measured after every sweep, unary server calls alternating with raw batch-1 calls
   * (both JITs settled, the VM's drift shared by each pair), with the server's own stage times over
   * the server calls.
   */
  void setC1Paired(PairedLatency.Result paired, ServerStages serverStages) {
    c1Paired = paired;
    c1ServerStages = serverStages;
  }

  /**
   * Concurrency 1 measured in rounds of a raw batch-1 call, a unary server call and a unary call to
   * the bench's {@link ReferenceServer} (a plain grpc-java server around the same session): the
   * server's pairs with raw as {@link #setC1Paired} takes them, and the reference's beside them.
   */
  void setC1Referenced(ReferencedLatency.Result rounds, ServerStages serverStages) {
    setC1Paired(rounds.server(), serverStages);
    c1Referenced = rounds;
  }

  /** The reference server's pairs with raw at concurrency 1 when measured, else null. */
  PairedLatency.Result c1Reference() {
    return c1Referenced == null ? null : c1Referenced.reference();
  }

  /**
   * Median over the rounds of the server's time outside the model minus the reference's (ms): the
   * serving layer's own share at concurrency 1. NaN when not measured.
   */
  double c1OverReferenceOutsideModelMillis() {
    return c1Referenced == null ? Double.NaN : c1Referenced.serverOverReferenceP50Millis();
  }

  /** The 95 % interval of {@link #c1OverReferenceOutsideModelMillis()}. */
  PairedLatency.Interval c1OverReferenceOutsideModelCi95() {
    return c1Referenced == null
        ? PairedLatency.Interval.UNKNOWN
        : c1Referenced.serverOverReferenceCi95();
  }

  /** p50 of the paired concurrency-1 server calls, else the first sweep's; NaN when neither. */
  double serverC1LatencyMillis() {
    if (c1Paired != null) {
      return c1Paired.serverP50Millis();
    }
    LatencyStats c1 = serverUnary.get(1);
    return c1 == null ? Double.NaN : c1.p50Millis();
  }

  /**
   * The server's added latency at concurrency 1: the median paired difference when measured, else
   * the server's p50 minus the raw phase's batch-1 p50 (minutes apart, so VM drift included).
   */
  double c1AddedLatencyMillis() {
    return c1Paired != null
        ? c1Paired.addedP50Millis()
        : serverC1LatencyMillis() - rawBatch1LatencyMillis();
  }

  /** The paired concurrency-1 measurement, null when not measured. */
  PairedLatency.Result c1Paired() {
    return c1Paired;
  }

  /** p50 of the first sweep's concurrency-1 unary point, NaN when not measured. */
  double serverC1FirstSweepLatencyMillis() {
    LatencyStats c1 = serverUnary.get(1);
    return c1 == null ? Double.NaN : c1.p50Millis();
  }

  double bestModelOnly() {
    return raw.values().stream()
        .mapToDouble(p -> p.modelOnly().throughput())
        .max()
        .orElse(Double.NaN);
  }

  /** The limit the server is held to: best end-to-end in-process throughput over batch sizes. */
  double bestEndToEnd() {
    return raw.values().stream()
        .mapToDouble(p -> p.endToEnd().throughput())
        .max()
        .orElse(Double.NaN);
  }

  /** The raw phase's batch size with the best end-to-end throughput; 1 when none measured. */
  int bestEndToEndBatch() {
    return raw.entrySet().stream()
        .max(Comparator.comparingDouble(e -> e.getValue().endToEnd().throughput()))
        .map(Map.Entry::getKey)
        .orElse(1);
  }

  double bestServer() {
    ServerPoint best = bestServerPoint();
    return best == null ? 0 : best.throughput();
  }

  /** The sweeps' best point over unary, tag-frames and encode-stream calls; null when none. */
  ServerPoint bestServerPoint() {
    return best(
        List.of(
            Map.entry("unary", serverUnary),
            Map.entry("tag-frames", serverStream),
            Map.entry("encode-stream", serverEncodeStream)));
  }

  static ServerPoint best(List<Map.Entry<String, Map<Integer, LatencyStats>>> kinds) {
    ServerPoint best = null;
    for (var kind : kinds) {
      for (var point : kind.getValue().entrySet()) {
        double throughput = point.getValue().throughput();
        if (best == null || throughput > best.throughput()) {
          best = new ServerPoint(kind.getKey(), point.getKey(), throughput);
        }
      }
    }
    return best;
  }

  /** The best points measured again in alternating windows (see {@link InterleavedComparison}). */
  void setInterleaved(InterleavedComparison comparison) {
    interleaved = comparison;
  }

  /** p50 of one caller at batch 1, end to end (decode or tokenise, then the model). */
  double rawBatch1LatencyMillis() {
    RawBench.RawPoint one = raw.get(1);
    return one == null || one.serialEndToEnd() == null
        ? Double.NaN
        : one.serialEndToEnd().p50Millis();
  }

  /** Server / raw throughput: the interleaved rounds' median when measured, else the sweeps'. */
  double serverOverRaw() {
    return interleaved != null ? interleaved.ratio() : sequentialServerOverRaw();
  }

  /** The sweeps' best server point over the raw phase's best, measured minutes apart. */
  double sequentialServerOverRaw() {
    return bestServer() / bestEndToEnd();
  }

  /** Extra time per item the server spends beyond the raw limit, in microseconds. */
  double addedCostMicrosPerItem() {
    return interleaved != null
        ? interleaved.addedMicrosPerItem()
        : 1e6 / bestServer() - 1e6 / bestEndToEnd();
  }

  /** CPU of the raw end-to-end run at its best batch size, per item (µs). */
  double rawCpuMicrosPerItem() {
    return raw.values().stream()
        .map(RawBench.RawPoint::endToEnd)
        .max(Comparator.comparingDouble(LatencyStats::throughput))
        .map(LatencyStats::cpuMicrosPerItem)
        .orElse(Double.NaN);
  }

  /** CPU of the server process at its best point, per item (µs); excludes the load generator. */
  double serverCpuMicrosPerItem() {
    return Stream.of(serverUnary, serverStream, serverEncodeStream)
        .flatMap(points -> points.values().stream())
        .max(Comparator.comparingDouble(LatencyStats::throughput))
        .map(LatencyStats::cpuMicrosPerItem)
        .orElse(Double.NaN);
  }

  /**
   * CPU the server spends per item beyond the raw limit's own CPU per item (µs): the serving
   * layer's cost without the wall-clock share of a load generator on the same cores.
   */
  double addedCpuMicrosPerItem() {
    return interleaved != null
        ? interleaved.addedCpuMicrosPerItem()
        : serverCpuMicrosPerItem() - rawCpuMicrosPerItem();
  }

  /** The load generator's CPU per item beside the server (µs); NaN without alternating rounds. */
  double loadGeneratorCpuMicrosPerItem() {
    return interleaved != null ? interleaved.loadGeneratorCpuMicrosPerItem() : Double.NaN;
  }

  ObjectNode toJson(ObjectMapper json) {
    ObjectNode node = json.createObjectNode();
    node.put("server_over_raw", serverOverRaw());
    node.put("server_over_raw_sequential", sequentialServerOverRaw());
    if (interleaved != null) {
      putInterleaved(node.putObject("interleaved"), interleaved);
    }
    node.put("server_best_items_per_s", bestServer());
    node.put("raw_best_end_to_end_items_per_s", bestEndToEnd());
    node.put("raw_best_model_only_items_per_s", bestModelOnly());
    node.put("server_added_cost_us_per_item", addedCostMicrosPerItem());
    node.put("raw_cpu_us_per_item", rawCpuMicrosPerItem());
    node.put("server_cpu_us_per_item", serverCpuMicrosPerItem());
    node.put("server_added_cpu_us_per_item", addedCpuMicrosPerItem());
    node.put("load_generator_cpu_us_per_item", loadGeneratorCpuMicrosPerItem());
    node.put("raw_batch1_latency_ms", rawBatch1LatencyMillis());
    node.put("server_p50_c1_ms", serverC1LatencyMillis());
    node.put("server_p50_c1_first_sweep_ms", serverC1FirstSweepLatencyMillis());
    node.put("c1_added_latency_ms", c1AddedLatencyMillis());
    if (c1Paired != null) {
      putPaired(node.putObject("c1_paired"), c1Paired, c1ServerStages);
    }
    if (c1Referenced != null) {
      putPaired(node.putObject("c1_paired_reference_grpc_java"), c1Referenced.reference(), null);
      node.put("c1_over_reference_outside_model_ms", c1OverReferenceOutsideModelMillis());
      putInterval(
          node, "c1_over_reference_outside_model_ci95_ms", c1OverReferenceOutsideModelCi95());
    }
    ObjectNode rawNode = node.putObject("raw");
    raw.forEach(
        (b, p) -> {
          ObjectNode point = rawNode.putObject(Integer.toString(b));
          point.put("model_only_items_per_s", p.modelOnly().throughput());
          point.put("model_only_p50_ms", p.modelOnly().p50Millis());
          point.put("end_to_end_items_per_s", p.endToEnd().throughput());
          point.put("end_to_end_cpu_us_per_item", p.endToEnd().cpuMicrosPerItem());
        });
    put(node.putObject("server_unary"), serverUnary);
    put(node.putObject("server_stream"), serverStream);
    put(node.putObject("server_unary_batching_off"), serverUnbatched);
    put(node.putObject("server_encode_stream"), serverEncodeStream);
    if (clientBatched != null) {
      clientBatched.putJson(node.putObject("client_batched"));
    }
    return node;
  }

  static void putInterleaved(ObjectNode node, InterleavedComparison comparison) {
    node.put("raw_batch", comparison.rawBatch());
    node.put("server_point", comparison.serverPoint());
    node.put("ratio_median", comparison.ratio());
    var rawRounds = node.putArray("raw_items_per_s");
    comparison.raw().forEach(w -> rawRounds.add(w.throughput()));
    var serverRounds = node.putArray("server_items_per_s");
    comparison.server().forEach(w -> serverRounds.add(w.throughput()));
    node.put("load_generator_cpu_us_per_item", comparison.loadGeneratorCpuMicrosPerItem());
  }

  /** One paired measurement; {@code stages} are the server's own stage times, null if unknown. */
  private static void putPaired(ObjectNode node, PairedLatency.Result paired, ServerStages stages) {
    node.put("pairs", paired.pairs());
    node.put("raw_p50_ms", paired.rawP50Millis());
    node.put("server_p50_ms", paired.serverP50Millis());
    node.put("added_p25_ms", paired.addedP25Millis());
    node.put("added_p50_ms", paired.addedP50Millis());
    node.put("added_p75_ms", paired.addedP75Millis());
    putInterval(node, "added_ci95_ms", paired.addedCi95());
    node.put("added_outside_model_p50_ms", paired.addedOutsideModelP50Millis());
    putInterval(node, "added_outside_model_ci95_ms", paired.addedOutsideModelCi95());
    node.put("model_server_minus_raw_p50_ms", paired.modelAddedP50Millis());
    putInterval(node, "model_server_minus_raw_ci95_ms", paired.modelAddedCi95());
    if (stages != null) {
      double preprocess = stages.preprocessMillisPerItem();
      double queue = stages.queueWaitMillisPerItem();
      double execution = stages.executionMillisPerBatch();
      node.put("server_preprocess_ms", preprocess);
      node.put("server_queue_wait_ms", queue);
      node.put("server_model_execution_ms", execution);
      // What the client saw beyond the server's stages: gRPC, transport and the client itself.
      node.put(
          "outside_server_stages_ms", paired.serverP50Millis() - (preprocess + queue + execution));
    }
  }

  private static void putInterval(ObjectNode node, String name, PairedLatency.Interval interval) {
    node.putArray(name).add(interval.lowMillis()).add(interval.highMillis());
  }

  static void put(ObjectNode node, Map<Integer, LatencyStats> points) {
    points.forEach(
        (c, s) -> {
          ObjectNode point = node.putObject(Integer.toString(c));
          point.put("items_per_s", s.throughput());
          point.put("p50_ms", s.p50Millis());
          point.put("p90_ms", s.p90Millis());
          point.put("p99_ms", s.p99Millis());
          point.put("errors", s.errors());
          point.put("server_cpu_us_per_item", s.cpuMicrosPerItem());
        });
  }
}
