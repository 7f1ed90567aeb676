package dev.clipstream.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The server's own account of where an item's time went, from its Prometheus histograms ({@code
 * clip_preprocess_seconds}, {@code clip_queue_wait_seconds}, {@code clip_model_execution_seconds}),
 * read before and after a measured point as Triton's perf_analyzer reads the server's statistics.
 * What the client saw beyond their sum is transport, gRPC and the client itself.
 *
 * @param preprocessSeconds total decode/preprocess or tokenise time
 * @param preprocessCount items prepared
 * @param queueWaitSeconds total time items waited for a batch
 * @param queueWaitCount items dequeued
 * @param executionSeconds total time of model calls
 * @param executionCount model calls (batches)
 */
record ServerStages(
    double preprocessSeconds,
    long preprocessCount,
    double queueWaitSeconds,
    long queueWaitCount,
    double executionSeconds,
    long executionCount) {

  /** Reads one model's tower from {@code /q/metrics} on the server's port. */
  static ServerStages read(int port, String model, String tower)
      throws IOException, InterruptedException {
    // HTTP/1.1, as Prometheus scrapes: the JDK client's default h2c upgrade failed about once in
    // 600 requests against this server (bench/README, "Open findings").
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("/q/metrics answered HTTP " + response.statusCode());
    }
    return parse(response.body(), model, tower);
  }

  /** The six series for {@code model} and {@code tower} from Prometheus text; absent ones are 0. */
  static ServerStages parse(String metrics, String model, String tower) {
    String labels = "{model=\"" + model + "\",tower=\"" + tower + "\"}";
    return new ServerStages(
        value(metrics, "clip_preprocess_seconds_sum" + labels),
        (long) value(metrics, "clip_preprocess_seconds_count" + labels),
        value(metrics, "clip_queue_wait_seconds_sum" + labels),
        (long) value(metrics, "clip_queue_wait_seconds_count" + labels),
        value(metrics, "clip_model_execution_seconds_sum" + labels),
        (long) value(metrics, "clip_model_execution_seconds_count" + labels));
  }

  private static double value(String metrics, String series) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  /** What happened between {@code earlier} and this reading. */
  ServerStages since(ServerStages earlier) {
    return new ServerStages(
        preprocessSeconds - earlier.preprocessSeconds,
        preprocessCount - earlier.preprocessCount,
        queueWaitSeconds - earlier.queueWaitSeconds,
        queueWaitCount - earlier.queueWaitCount,
        executionSeconds - earlier.executionSeconds,
        executionCount - earlier.executionCount);
  }

  double preprocessMillisPerItem() {
    return preprocessCount > 0 ? preprocessSeconds * 1e3 / preprocessCount : Double.NaN;
  }

  double queueWaitMillisPerItem() {
    return queueWaitCount > 0 ? queueWaitSeconds * 1e3 / queueWaitCount : Double.NaN;
  }

  /** Mean time of one model call; at concurrency 1 every call is one item. */
  double executionMillisPerBatch() {
    return executionCount > 0 ? executionSeconds * 1e3 / executionCount : Double.NaN;
  }
}
