package dev.clipstream.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Unary calls of several items each (a client sending a caption list in chunks): their sweep, keyed
 * by calls in flight, and their own alternating comparison with the raw limit. Kept apart from the
 * single-item kinds, so a tower's best point and headline ratio stay one item per call.
 */
final class ClientBatchedResults {
  private final int itemsPerCall;
  private final Map<Integer, LatencyStats> sweep = new TreeMap<>();
  private InterleavedComparison interleaved;

  ClientBatchedResults(int itemsPerCall) {
    if (itemsPerCall < 1) {
      throw new IllegalArgumentException("itemsPerCall must be >= 1, got " + itemsPerCall);
    }
    this.itemsPerCall = itemsPerCall;
  }

  int itemsPerCall() {
    return itemsPerCall;
  }

  Map<Integer, LatencyStats> sweep() {
    return sweep;
  }

  /** The sweep's best point, e.g. "unary x8 c=16"; null when none measured. */
  TowerResults.ServerPoint bestPoint() {
    return TowerResults.best(List.of(Map.entry("unary x" + itemsPerCall, sweep)));
  }

  void setInterleaved(InterleavedComparison comparison) {
    interleaved = comparison;
  }

  /** Server / raw, median of the alternating rounds; NaN when not measured. */
  double serverOverRaw() {
    return interleaved == null ? Double.NaN : interleaved.ratio();
  }

  /** Wall time per item the server adds beyond the raw limit (µs); NaN when not measured. */
  double addedCostMicrosPerItem() {
    return interleaved == null ? Double.NaN : interleaved.addedMicrosPerItem();
  }

  /** Server CPU per item beyond the raw run's (µs); NaN when not measured. */
  double addedCpuMicrosPerItem() {
    return interleaved == null ? Double.NaN : interleaved.addedCpuMicrosPerItem();
  }

  void putJson(ObjectNode node) {
    node.put("items_per_call", itemsPerCall);
    if (interleaved != null) {
      node.put("server_over_raw", serverOverRaw());
      node.put("server_added_cost_us_per_item", addedCostMicrosPerItem());
      node.put("server_added_cpu_us_per_item", addedCpuMicrosPerItem());
      TowerResults.putInterleaved(node.putObject("interleaved"), interleaved);
    }
    TowerResults.put(node.putObject("server_unary"), sweep);
  }
}
