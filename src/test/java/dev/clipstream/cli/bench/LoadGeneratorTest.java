package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.api.grpc.GrpcTestSupport;
import dev.clipstream.preprocess.SyntheticImages;
import grpc.health.v1.HealthGrpc;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The bench's load generator drives every call kind it measures against a real server without
 * errors (TagFrames is left out: it sends 16 labels, above the test profile's label limit).
 */
@QuarkusTest
class LoadGeneratorTest {
  @GrpcClient("health")
  HealthGrpc.HealthBlockingStub health;

  @Test
  void everyCallKindCompletesItemsWithoutErrors() throws Exception {
    GrpcTestSupport.awaitServing(health);
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    List<byte[]> jpegs = List.of(SyntheticImages.jpeg(64, 48, 1), SyntheticImages.jpeg(48, 64, 2));
    try (LoadGenerator load = new LoadGenerator(port, 2, jpegs, RawBench.captions(32))) {
      Map<String, IntFunction<ClosedLoop.Call>> kinds =
          Map.of(
              "listModels", load::listModels,
              "imageToUnknownModel", load::imageToUnknownModel,
              "unaryImage", load::unaryImage,
              "unaryText", load::unaryText,
              "streamImage", load::streamImage,
              "streamText", load::streamText,
              "unaryTexts x3", w -> load.unaryTexts(w, 3));
      for (Map.Entry<String, IntFunction<ClosedLoop.Call>> kind : kinds.entrySet()) {
        LatencyStats stats = ClosedLoop.run(2, 0, 0.3, kind.getValue());
        assertTrue(stats.items() > 0, kind.getKey() + " completed no items: " + stats);
        assertEquals(0, stats.errors(), kind.getKey() + " had errors: " + stats);
      }
    }
  }

  @Test
  void aClientBatchedTextCallCountsEveryEmbeddingItReturns() throws Exception {
    GrpcTestSupport.awaitServing(health);
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    List<byte[]> jpegs = List.of(SyntheticImages.jpeg(64, 48, 1));
    try (LoadGenerator load = new LoadGenerator(port, 1, jpegs, RawBench.captions(32));
        ClosedLoop.Call call = load.unaryTexts(0, 3)) {
      assertEquals(3, call.run());
    }
  }
}
