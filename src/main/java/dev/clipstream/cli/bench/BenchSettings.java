package dev.clipstream.cli.bench;

import java.util.List;
import java.util.Map;

/**
 * How long and how wide each measurement runs.
 *
 * @param warmupSeconds time per point before recording starts
 * @param measureSeconds recorded time per point
 * @param batchSizes batch sizes of the raw benchmark (1, 2, 4, …)
 * @param concurrencies concurrent calls of the server benchmark
 * @param cores worker threads for "all cores" measurements
 * @param serverJvmOptions JVM options of the {@code serve} child process (e.g. {@code -Xmx512m})
 * @param serverEnv environment variables added to the {@code serve} child process (e.g. {@code
 *     MALLOC_ARENA_MAX=2}), as a deployment's container spec would set them
 * @param alternatingRounds rounds of one raw and one server window behind each tower's {@code
 *     server_over_raw} (the median of their ratios)
 */
record BenchSettings(
    double warmupSeconds,
    double measureSeconds,
    List<Integer> batchSizes,
    List<Integer> concurrencies,
    int cores,
    List<String> serverJvmOptions,
    Map<String, String> serverEnv,
    int alternatingRounds) {

  BenchSettings {
    if (alternatingRounds < 1) {
      throw new IllegalArgumentException(
          "alternating rounds must be >= 1, got " + alternatingRounds);
    }
  }

  static List<Integer> powersOfTwo(int max) {
    List<Integer> sizes = new java.util.ArrayList<>();
    for (int b = 1; b <= max; b *= 2) {
      sizes.add(b);
    }
    return List.copyOf(sizes);
  }
}
