package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void clientBatchedTextsGetTheirOwnRowsAndSweepLine() {
    ModelResults model = new ModelResults();
    ClientBatchedResults batched = model.text().clientBatched(8);
    batched.sweep().put(4, LatencyStats.of(700, 1, new long[] {1}, 0));
    batched.sweep().put(16, LatencyStats.of(950, 1, new long[] {1}, 0));
    batched.setInterleaved(
        new InterleavedComparison(
            16,
            "unary x8 c=16",
            List.of(LatencyStats.of(1000, 1, new long[] {1}, 0)),
            List.of(LatencyStats.of(960, 1, new long[] {1}, 0))));
    String md = ResultsTable.markdown(summary(), Map.of("tiny", model));
    assertTrue(md.contains("| server / raw, 8 texts per unary call | – | 0.960 |"), md);
    assertTrue(
        md.contains("| server added cost per item (µs), 8 texts per unary call | – | 41.7 |"), md);
    assertTrue(md.contains("Text, 8 per unary call (texts/s): c=4 700.0; c=16 950.0;"), md);
  }

  @Test
  void theLoadGeneratorsCpuPerItemHasItsOwnRow() {
    ModelResults model = new ModelResults();
    model
        .image()
        .setInterleaved(
            new InterleavedComparison(
                32,
                "unary c=64",
                List.of(LatencyStats.of(300, 1, new long[] {1}, 0)),
                List.of(LatencyStats.of(250, 1, new long[] {1}, 0).withBenchCpuSeconds(0.1))));
    String md = ResultsTable.markdown(summary(), Map.of("tiny", model));
    assertTrue(
        md.contains(
            "| load generator CPU per item (µs; the bench process, on the server's cores) | 400 |"),
        md);
  }

  @Test
  void thePairedMediansAppearWithTheirIntervals() {
    ModelResults model = new ModelResults();
    List<long[]> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long rawModel = (100 + i) * 1_000_000L;
      pairs.add(new long[] {rawModel + 1_000_000, rawModel + 1_500_000, rawModel, rawModel});
    }
    PairedLatency.Result paired = PairedLatency.summarise(pairs);
    model.image().setC1Paired(paired, null);
    model.text().setC1Paired(paired, null);
    String md = ResultsTable.markdown(summary(), Map.of("tiny", model));
    assertTrue(md.contains("| 95 % interval of that median (ms) | 0.500 to 0.500 |"), md);
    assertTrue(
        md.contains(
            "each side minus its own model time, median [95 % interval]) | 0.500 [0.500, 0.500] |"),
        md);
    assertTrue(
        md.contains(
            "| model time at concurrency 1, server minus raw (ms; median [95 % interval]) |"
                + " 0.00 [0.00, 0.00] |"),
        md);
  }

  @Test
  void theReferenceServersMediansAndTheServingLayersShareHaveTheirRows() {
    ModelResults model = new ModelResults();
    // Outside the model: raw 1 ms, the product server 1.5 ms, the plain grpc-java server 1.375.
    List<long[]> rounds = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long m = (100 + i) * 1_000_000L;
      rounds.add(new long[] {m + 1_000_000, m + 1_500_000, m + 1_375_000, m, m, m});
    }
    ReferencedLatency.Result measured = ReferencedLatency.summarise(rounds);
    model.image().setC1Referenced(measured, null);
    model.text().setC1Referenced(measured, null);
    String md = ResultsTable.markdown(summary(), Map.of("tiny", model));
    assertTrue(
        md.contains(
            "concurrency 1 outside the model (ms; median [95 % interval]) | 0.375 [0.375, 0.375] |"
                + " 0.375 [0.375, 0.375] |"),
        md);
    assertTrue(
        md.contains(
            "the serving layer's own share | 0.125 [0.125, 0.125] | 0.125 [0.125, 0.125] |"),
        md);
    assertTrue(
        md.contains(
            "each side minus its own model time, median [95 % interval]) | 0.500 [0.500, 0.500] |"),
        md);
  }

  @Test
  void withoutAReferenceServerThoseRowsAreLeftOut() {
    ModelResults model = new ModelResults();
    List<long[]> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long m = (100 + i) * 1_000_000L;
      pairs.add(new long[] {m + 1_000_000, m + 1_500_000, m, m});
    }
    model.image().setC1Paired(PairedLatency.summarise(pairs), null);
    model.text().setC1Paired(PairedLatency.summarise(pairs), null);
    String md = ResultsTable.markdown(summary(), Map.of("tiny", model));
    assertFalse(md.contains("reference"), md);
    assertTrue(Double.isNaN(model.image().c1OverReferenceOutsideModelMillis()));
  }

  @Test
  void withoutClientBatchedTextsThoseRowsAreLeftOut() {
    String md = ResultsTable.markdown(summary(), Map.of("tiny", new ModelResults()));
    assertFalse(md.contains("texts per unary call"), md);
    assertFalse(md.contains("per unary call (texts/s)"), md);
  }

  @Test
  void theReportNamesHowImagesWereResized() {
    ObjectNode summary = summary().put("image_resize", "Vector API, 512-bit (16 lanes)");
    String md = ResultsTable.markdown(summary, Map.of("tiny", new ModelResults()));
    assertTrue(
        md.contains("Image resize (the bench process and the server): Vector API, 512-bit"), md);
  }

  private static ObjectNode summary() {
    ObjectNode summary = JSON.createObjectNode();
    summary.put("date", "2026-11-29").put("host", "test").put("cores", 2);
    return summary;
  }
}
