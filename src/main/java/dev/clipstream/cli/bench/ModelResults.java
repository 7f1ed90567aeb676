package dev.clipstream.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Everything measured for one model, and the ratios the performance targets are stated in. */
final class ModelResults {
  private final TowerResults image = new TowerResults();
  private final TowerResults text = new TowerResults();
  private final Map<Double, Double> soakRssMiB = new LinkedHashMap<>();
  private double peakRssMiB = Double.NaN;

  TowerResults image() {
    return image;
  }

  TowerResults text() {
    return text;
  }

  Map<Double, Double> soakRssMiB() {
    return soakRssMiB;
  }

  /**
   * The soak in one line: RSS at the first and last sample, the maximum, and the growth from the
   * sample nearest minute 2 (after warm-up) to the last; empty when no soak ran.
   */
  String soakSummary() {
    if (soakRssMiB.isEmpty()) {
      return "";
    }
    List<Double> minutes = new ArrayList<>(soakRssMiB.keySet());
    double first = soakRssMiB.get(minutes.get(0));
    double last = soakRssMiB.get(minutes.get(minutes.size() - 1));
    double settled =
        soakRssMiB.get(
            minutes.stream().min(Comparator.comparingDouble(m -> Math.abs(m - 2.0))).orElseThrow());
    double max = soakRssMiB.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return String.format(
        "Soak %.1f min at concurrency 16: RSS %.0f MiB at the first sample, %.0f at the last,"
            + " max %.0f; growth after minute 2: %+.0f MiB.",
        minutes.get(minutes.size() - 1), first, last, max, last - settled);
  }

  void setPeakRssMiB(double value) {
    peakRssMiB = value;
  }

  /** Image-tower throughput with batching on over off, at the given concurrency. */
  double batchingSpeedup(int concurrency) {
    LatencyStats on = image.serverUnary().get(concurrency);
    LatencyStats off = image.serverUnbatched().get(concurrency);
    return on == null || off == null || off.throughput() == 0
        ? Double.NaN
        : on.throughput() / off.throughput();
  }

  ObjectNode toJson(ObjectMapper json) {
    ObjectNode node = json.createObjectNode();
    node.set("image", image.toJson(json));
    node.set("text", text.toJson(json));
    node.put("batching_speedup_c64", batchingSpeedup(64));
    node.put("server_peak_rss_mib", peakRssMiB);
    ObjectNode soak = node.putObject("soak_rss_mib");
    soakRssMiB.forEach((minute, mib) -> soak.put(String.format("%.2f", minute), mib));
    return node;
  }

  void plots(String model, Path dir) throws IOException {
    for (var tower : Map.of("image", image, "text", text).entrySet()) {
      TowerResults t = tower.getValue();
      new Plot(model + " " + tower.getKey() + ": throughput vs concurrency", "items/s")
          .series("server unary, batching on", series(t.serverUnary(), LatencyStats::throughput))
          .series("server tag-frames stream", series(t.serverStream(), LatencyStats::throughput))
          .series("server encode-stream", series(t.serverEncodeStream(), LatencyStats::throughput))
          .series(
              "server unary, batching off", series(t.serverUnbatched(), LatencyStats::throughput))
          .limit("raw end-to-end limit", t.bestEndToEnd())
          .write(dir.resolve(model + "-" + tower.getKey() + "-throughput.png"));
      new Plot(model + " " + tower.getKey() + ": unary latency vs concurrency", "ms")
          .series("p50", series(t.serverUnary(), LatencyStats::p50Millis))
          .series("p90", series(t.serverUnary(), LatencyStats::p90Millis))
          .series("p99", series(t.serverUnary(), LatencyStats::p99Millis))
          .limit("raw batch-1 latency", t.rawBatch1LatencyMillis())
          .write(dir.resolve(model + "-" + tower.getKey() + "-latency.png"));
    }
  }

  private static Map<Integer, Double> series(
      Map<Integer, LatencyStats> points, ToDoubleFunction<LatencyStats> metric) {
    Map<Integer, Double> out = new LinkedHashMap<>();
    points.forEach((c, s) -> out.put(c, metric.applyAsDouble(s)));
    return out;
  }
}
