package dev.clipstream.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The markdown report: one table per model with every target's measured value. */
final class ResultsTable {
  private ResultsTable() {}

  static String markdown(ObjectNode summary, Map<String, ModelResults> models) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark ")
        .append(summary.path("date").asText())
        .append(" on ")
        .append(summary.path("host").asText())
        .append(" (")
        .append(summary.path("cores").asInt())
        .append(" cores)\n\n");
    md.append("Image resize (the bench process and the server): ")
        .append(summary.path("image_resize").asText("not recorded"))
        .append("\n\n");
    md.append("Preprocessing (decode + resize + crop + normalise, all cores): ")
        .append(
            String.format(
                "640x480 %.1f img/s, 1920x1080 %.1f img/s%n%n",
                summary.path("preprocess").path("640x480_images_per_s").asDouble(),
                summary.path("preprocess").path("1920x1080_images_per_s").asDouble()));
    for (var e : models.entrySet()) {
      md.append("## ").append(e.getKey()).append("\n\n");
      md.append("| measure | image | text |\n|---|---|---|\n");
      TowerResults i = e.getValue().image();
      TowerResults t = e.getValue().text();
      row(md, "raw model-only best (items/s)", i.bestModelOnly(), t.bestModelOnly());
      row(md, "raw end-to-end best (items/s) = limit", i.bestEndToEnd(), t.bestEndToEnd());
      row(md, "server best (items/s)", i.bestServer(), t.bestServer());
      row(
          md,
          "server / raw (alternating windows, median of rounds)",
          i.serverOverRaw(),
          t.serverOverRaw());
      row(
          md,
          "server / raw (sweeps vs raw phase, minutes apart)",
          i.sequentialServerOverRaw(),
          t.sequentialServerOverRaw());
      row(
          md,
          "server added cost per item (µs)",
          i.addedCostMicrosPerItem(),
          t.addedCostMicrosPerItem());
      row(
          md,
          "server added CPU per item (µs; server process vs raw, load generator excluded)",
          i.addedCpuMicrosPerItem(),
          t.addedCpuMicrosPerItem());
      row(
          md,
          "load generator CPU per item (µs; the bench process, on the server's cores)",
          i.loadGeneratorCpuMicrosPerItem(),
          t.loadGeneratorCpuMicrosPerItem());
      ClientBatchedResults batched = t.clientBatched();
      if (batched != null) {
        String perCall = batched.itemsPerCall() + " texts per unary call";
        textRow(md, "server / raw, " + perCall, batched.serverOverRaw());
        textRow(
            md, "server added cost per item (µs), " + perCall, batched.addedCostMicrosPerItem());
        textRow(md, "server added CPU per item (µs), " + perCall, batched.addedCpuMicrosPerItem());
      }
      row(md, "raw batch-1 latency (ms)", i.rawBatch1LatencyMillis(), t.rawBatch1LatencyMillis());
      row(
          md,
          "server p50 at concurrency 1 (ms; unary, after the sweeps, paired with raw)",
          i.serverC1LatencyMillis(),
          t.serverC1LatencyMillis());
      row(
          md,
          "server added latency at concurrency 1 (ms; median of paired differences)",
          i.c1AddedLatencyMillis(),
          t.c1AddedLatencyMillis());
      if (i.c1Paired() != null && t.c1Paired() != null) {
        pairedRows(md, i.c1Paired(), t.c1Paired());
      }
      if (i.c1Reference() != null && t.c1Reference() != null) {
        referenceRows(md, i, t);
      }
      row(
          md,
          "server p50 at concurrency 1 in the first sweep (ms)",
          i.serverC1FirstSweepLatencyMillis(),
          t.serverC1FirstSweepLatencyMillis());
      md.append(
          String.format(
              "%nBatching on/off at concurrency 64 (image): %.2fx. Server peak RSS: %.0f MiB.%n%n",
              e.getValue().batchingSpeedup(64), summaryPeak(summary, e.getKey())));
      String soak = e.getValue().soakSummary();
      if (!soak.isEmpty()) {
        md.append(soak).append("\n\n");
      }
      md.append(
          "| concurrency | image unary items/s | p50 / p90 / p99 ms | tag-frames frames/s | image"
              + " encode-stream items/s | batching off items/s | text unary items/s | text"
              + " encode-stream items/s |\n");
      md.append("|---|---|---|---|---|---|---|---|\n");
      for (int c : i.serverUnary().keySet()) {
        LatencyStats u = i.serverUnary().get(c);
        md.append(
            String.format(
                "| %d | %.1f | %.1f / %.1f / %.1f | %s | %s | %s | %s | %s |%n",
                c,
                u.throughput(),
                u.p50Millis(),
                u.p90Millis(),
                u.p99Millis(),
                tput(i.serverStream().get(c)),
                tput(i.serverEncodeStream().get(c)),
                tput(i.serverUnbatched().get(c)),
                tput(t.serverUnary().get(c)),
                tput(t.serverEncodeStream().get(c))));
      }
      md.append('\n');
      if (batched != null) {
        md.append("Text, ").append(batched.itemsPerCall()).append(" per unary call (texts/s):");
        batched
            .sweep()
            .forEach((c, s) -> md.append(String.format(" c=%d %.1f;", c, s.throughput())));
        md.append("\n\n");
      }
    }
    return md.toString();
  }

  private static double summaryPeak(ObjectNode summary, String model) {
    return summary.path("models").path(model).path("server_peak_rss_mib").asDouble(Double.NaN);
  }

  private static String tput(LatencyStats s) {
    return s == null ? "–" : String.format("%.1f", s.throughput());
  }

  /**
   * The paired concurrency-1 medians with their 95 % intervals: the plain difference, the part
   * outside the model (where the model's call-to-call variance cancels), and the model's own.
   */
  private static void pairedRows(
      StringBuilder md, PairedLatency.Result image, PairedLatency.Result text) {
    textRows(
        md,
        "95 % interval of that median (ms)",
        interval(image.addedCi95()),
        interval(text.addedCi95()));
    textRows(
        md,
        "server added latency at concurrency 1 outside the model (ms; each side minus its own"
            + " model time, median [95 % interval])",
        withInterval(image.addedOutsideModelP50Millis(), image.addedOutsideModelCi95()),
        withInterval(text.addedOutsideModelP50Millis(), text.addedOutsideModelCi95()));
    textRows(
        md,
        "model time at concurrency 1, server minus raw (ms; median [95 % interval])",
        withInterval(image.modelAddedP50Millis(), image.modelAddedCi95()),
        withInterval(text.modelAddedP50Millis(), text.modelAddedCi95()));
  }

  /**
   * The reference server's added latency at concurrency 1 (a plain grpc-java server around the same
   * session), and what the product server adds beyond it: the floor the target sits on.
   */
  private static void referenceRows(StringBuilder md, TowerResults image, TowerResults text) {
    PairedLatency.Result i = image.c1Reference();
    PairedLatency.Result t = text.c1Reference();
    textRows(
        md,
        "reference: a plain grpc-java server around the same session, added latency at"
            + " concurrency 1 outside the model (ms; median [95 % interval])",
        withInterval(i.addedOutsideModelP50Millis(), i.addedOutsideModelCi95()),
        withInterval(t.addedOutsideModelP50Millis(), t.addedOutsideModelCi95()));
    textRows(
        md,
        "server minus reference, outside the model at concurrency 1 (ms; median of the rounds'"
            + " differences [95 % interval]): the serving layer's own share",
        withInterval(
            image.c1OverReferenceOutsideModelMillis(), image.c1OverReferenceOutsideModelCi95()),
        withInterval(
            text.c1OverReferenceOutsideModelMillis(), text.c1OverReferenceOutsideModelCi95()));
  }

  private static String interval(PairedLatency.Interval ci) {
    return String.format("%.3g to %.3g", ci.lowMillis(), ci.highMillis());
  }

  private static String withInterval(double median, PairedLatency.Interval ci) {
    return String.format("%.3g [%.3g, %.3g]", median, ci.lowMillis(), ci.highMillis());
  }

  private static void textRows(StringBuilder md, String name, String image, String text) {
    md.append(String.format("| %s | %s | %s |%n", name, image, text));
  }

  /** A measure of the text tower only. */
  private static void textRow(StringBuilder md, String name, double text) {
    md.append(String.format("| %s | – | %.3g |%n", name, text));
  }

  private static void row(StringBuilder md, String name, double image, double text) {
    md.append(String.format("| %s | %.3g | %.3g |%n", name, image, text));
  }
}
