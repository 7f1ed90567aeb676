package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
  @TempDir Path tmp;

  @Test
  void soakSummaryReportsGrowthAfterWarmUp() {
    ModelResults r = new ModelResults();
    assertEquals("", r.soakSummary());
    r.soakRssMiB().put(1.0, 1000.0);
    r.soakRssMiB().put(2.0, 1200.0);
    r.soakRssMiB().put(6.0, 1300.0);
    r.soakRssMiB().put(10.0, 1210.0);
    String line = r.soakSummary();
    assertTrue(line.contains("Soak 10.0 min"), line);
    assertTrue(line.contains("1000 MiB at the first sample, 1210 at the last, max 1300"), line);
    assertTrue(line.contains("growth after minute 2: +10 MiB"), line);
  }

  @Test
  void addedCpuPerItemIsTheServersBestPointMinusTheRawBestPoint() {
    TowerResults t = new TowerResults();
    LatencyStats slowRaw = LatencyStats.of(100, 1, new long[] {1}, 0).withCpuSeconds(0.5);
    LatencyStats bestRaw = LatencyStats.of(400, 1, new long[] {1}, 0).withCpuSeconds(0.8);
    t.raw().put(1, new RawBench.RawPoint(slowRaw, slowRaw, slowRaw));
    t.raw().put(8, new RawBench.RawPoint(bestRaw, bestRaw, null));
    t.serverUnary().put(1, LatencyStats.of(50, 1, new long[] {1}, 0).withCpuSeconds(0.5));
    t.serverEncodeStream().put(64, LatencyStats.of(380, 1, new long[] {1}, 0).withCpuSeconds(0.95));
    assertEquals(2000, t.rawCpuMicrosPerItem(), 1e-6); // 0.8 s / 400 at batch 8
    assertEquals(2500, t.serverCpuMicrosPerItem(), 1e-6); // 0.95 s / 380 at the best point
    assertEquals(500, t.addedCpuMicrosPerItem(), 1e-6);
  }

  @Test
  void theConcurrencyOneLatencyIsThePairedPointWhenMeasuredAndTheFirstSweepIsKept() {
    TowerResults t = new TowerResults();
    LatencyStats raw1 = LatencyStats.of(10, 1, new long[] {25_000_000}, 0);
    t.raw().put(1, new RawBench.RawPoint(raw1, raw1, raw1));
    t.serverUnary().put(1, LatencyStats.of(10, 1, new long[] {30_000_000}, 0));
    assertEquals(30.0, t.serverC1LatencyMillis(), 1e-9);
    assertEquals(5.0, t.c1AddedLatencyMillis(), 1e-9); // unpaired: server p50 - raw phase p50
    t.setC1Paired(
        new PairedLatency.Result(
            40,
            11.0,
            12.0,
            0.5,
            1.0,
            1.5,
            new PairedLatency.Interval(0.7, 1.3),
            0.3,
            new PairedLatency.Interval(0.25, 0.4),
            0.6,
            new PairedLatency.Interval(-0.2, 1.1)),
        new ServerStages(0.2, 40, 0.004, 40, 0.4, 40));
    assertEquals(12.0, t.serverC1LatencyMillis(), 1e-9);
    assertEquals(1.0, t.c1AddedLatencyMillis(), 1e-9);
    assertEquals(30.0, t.serverC1FirstSweepLatencyMillis(), 1e-9);
    var json = t.toJson(new com.fasterxml.jackson.databind.ObjectMapper());
    assertEquals(12.0, json.get("server_p50_c1_ms").asDouble(), 1e-9);
    assertEquals(30.0, json.get("server_p50_c1_first_sweep_ms").asDouble(), 1e-9);
    assertEquals(1.0, json.get("c1_added_latency_ms").asDouble(), 1e-9);
    var paired = json.get("c1_paired");
    assertEquals(40, paired.get("pairs").asInt());
    assertEquals(11.0, paired.get("raw_p50_ms").asDouble(), 1e-9);
    assertEquals(5.0, paired.get("server_preprocess_ms").asDouble(), 1e-9);
    assertEquals(0.1, paired.get("server_queue_wait_ms").asDouble(), 1e-9);
    assertEquals(10.0, paired.get("server_model_execution_ms").asDouble(), 1e-9);
    assertEquals(12.0 - 15.1, paired.get("outside_server_stages_ms").asDouble(), 1e-9);
    assertEquals(1.3, paired.get("added_ci95_ms").get(1).asDouble(), 1e-9);
    assertEquals(0.3, paired.get("added_outside_model_p50_ms").asDouble(), 1e-9);
    assertEquals(0.25, paired.get("added_outside_model_ci95_ms").get(0).asDouble(), 1e-9);
    assertEquals(0.6, paired.get("model_server_minus_raw_p50_ms").asDouble(), 1e-9);
    assertEquals(-0.2, paired.get("model_server_minus_raw_ci95_ms").get(0).asDouble(), 1e-9);
    assertNull(json.get("c1_paired_reference_grpc_java"));

    PairedLatency.Result referencePairs =
        new PairedLatency.Result(
            30,
            11.0,
            11.8,
            0.4,
            0.8,
            1.2,
            new PairedLatency.Interval(0.6, 1.0),
            0.2,
            new PairedLatency.Interval(0.1, 0.35),
            0.6,
            new PairedLatency.Interval(-0.2, 1.1));
    t.setC1Referenced(
        new ReferencedLatency.Result(
            t.c1Paired(), referencePairs, 0.12, new PairedLatency.Interval(0.05, 0.2)),
        new ServerStages(0.2, 40, 0.004, 40, 0.4, 40));
    json = t.toJson(new com.fasterxml.jackson.databind.ObjectMapper());
    var reference = json.get("c1_paired_reference_grpc_java");
    assertEquals(30, reference.get("pairs").asInt());
    assertEquals(0.2, reference.get("added_outside_model_p50_ms").asDouble(), 1e-9);
    assertEquals(0.35, reference.get("added_outside_model_ci95_ms").get(1).asDouble(), 1e-9);
    assertNull(reference.get("server_preprocess_ms")); // no stage metrics from the reference
    assertEquals(0.12, json.get("c1_over_reference_outside_model_ms").asDouble(), 1e-9);
    assertEquals(0.2, json.get("c1_over_reference_outside_model_ci95_ms").get(1).asDouble(), 1e-9);
    assertEquals(40, json.get("c1_paired").get("pairs").asInt()); // the server's pairs kept
  }

  @Test
  void theBestPointsAreFoundAndTheInterleavedRatioReplacesTheSequentialOne() {
    TowerResults t = new TowerResults();
    LatencyStats b1 = LatencyStats.of(50, 1, new long[] {1}, 0);
    LatencyStats b8 = LatencyStats.of(200, 1, new long[] {1}, 0);
    t.raw().put(1, new RawBench.RawPoint(b1, b1, b1));
    t.raw().put(8, new RawBench.RawPoint(b8, b8, null));
    t.serverUnary().put(64, LatencyStats.of(150, 1, new long[] {1}, 0));
    t.serverStream().put(256, LatencyStats.of(190, 1, new long[] {1}, 0));
    t.serverEncodeStream().put(64, LatencyStats.of(170, 1, new long[] {1}, 0));
    assertEquals(8, t.bestEndToEndBatch());
    assertEquals("tag-frames c=256", t.bestServerPoint().label());
    assertEquals(0.95, t.serverOverRaw(), 1e-9); // sequential until interleaved is measured
    t.setInterleaved(
        new InterleavedComparison(
            8,
            "tag-frames c=256",
            List.of(LatencyStats.of(100, 1, new long[] {1}, 0)),
            List.of(LatencyStats.of(99, 1, new long[] {1}, 0))));
    assertEquals(0.99, t.serverOverRaw(), 1e-9);
    assertEquals(0.95, t.sequentialServerOverRaw(), 1e-9);
    var json = t.toJson(new com.fasterxml.jackson.databind.ObjectMapper());
    assertEquals(0.99, json.get("server_over_raw").asDouble(), 1e-9);
    assertEquals(0.95, json.get("server_over_raw_sequential").asDouble(), 1e-9);
    assertEquals("tag-frames c=256", json.get("interleaved").get("server_point").asText());
    assertEquals(99.0, json.get("interleaved").get("server_items_per_s").get(0).asDouble(), 1e-9);
  }

  @Test
  void clientBatchedCallsHaveTheirOwnComparisonAndNeverBecomeTheHeadlinePoint() {
    TowerResults t = new TowerResults();
    LatencyStats b16 = LatencyStats.of(1000, 1, new long[] {1}, 0).withCpuSeconds(0.7);
    t.raw().put(16, new RawBench.RawPoint(b16, b16, null));
    t.serverEncodeStream().put(256, LatencyStats.of(800, 1, new long[] {1}, 0));
    assertNull(t.clientBatched());
    ClientBatchedResults batched = t.clientBatched(8);
    batched.sweep().put(4, LatencyStats.of(700, 1, new long[] {1}, 0));
    batched.sweep().put(16, LatencyStats.of(950, 1, new long[] {1}, 0));
    assertEquals("encode-stream c=256", t.bestServerPoint().label());
    assertEquals("unary x8 c=16", batched.bestPoint().label());
    assertTrue(Double.isNaN(batched.serverOverRaw()));
    batched.setInterleaved(
        new InterleavedComparison(
            16,
            "unary x8 c=16",
            List.of(LatencyStats.of(1000, 1, new long[] {1}, 0).withCpuSeconds(0.7)),
            List.of(LatencyStats.of(960, 1, new long[] {1}, 0).withCpuSeconds(0.72))));
    assertEquals(0.96, batched.serverOverRaw(), 1e-9);
    assertEquals(1e6 / 960 - 1e6 / 1000, batched.addedCostMicrosPerItem(), 1e-6);
    assertEquals(750 - 700, batched.addedCpuMicrosPerItem(), 1e-6);
    assertEquals(0.8, t.serverOverRaw(), 1e-9); // the headline ratio stays one text per call
    var json = t.toJson(new com.fasterxml.jackson.databind.ObjectMapper()).get("client_batched");
    assertEquals(8, json.get("items_per_call").asInt());
    assertEquals(0.96, json.get("server_over_raw").asDouble(), 1e-9);
    assertEquals("unary x8 c=16", json.get("interleaved").get("server_point").asText());
    assertEquals(950.0, json.get("server_unary").get("16").get("items_per_s").asDouble(), 1e-9);
  }

  @Test
  void aTowerKeepsOneClientBatchSize() {
    TowerResults t = new TowerResults();
    assertSame(t.clientBatched(8), t.clientBatched(8));
    assertThrows(IllegalArgumentException.class, () -> t.clientBatched(4));
    assertThrows(IllegalArgumentException.class, () -> new ClientBatchedResults(0));
  }

  @Test
  void theClientBatchedSweepKeepsItemsInFlightWithinTheLargestSingleItemPoint() {
    assertEquals(
        List.of(1, 4, 16, 32),
        ModelBench.clientBatchedConcurrencies(List.of(1, 4, 16, 64, 256), 8));
    assertEquals(List.of(1), ModelBench.clientBatchedConcurrencies(List.of(1, 4), 8));
  }

  @Test
  void deletingATempModelFolderRemovesLinksWithoutFollowingThem() throws Exception {
    Path keep = Files.createDirectories(tmp.resolve("real-model"));
    Files.writeString(keep.resolve("model.json"), "{}");
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.createSymbolicLink(repo.resolve("m"), keep);
    Files.writeString(Files.createDirectories(repo.resolve("x")).resolve("f"), "data");
    TempFiles.deleteRecursively(repo);
    assertFalse(Files.exists(repo));
    assertTrue(Files.isRegularFile(keep.resolve("model.json")));
    TempFiles.deleteRecursively(repo); // absent: nothing to do
  }
}
