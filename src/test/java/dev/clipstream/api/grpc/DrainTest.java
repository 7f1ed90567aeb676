package dev.clipstream.api.grpc;

import static dev.clipstream.api.grpc.GrpcTestSupport.assertStatus;
import static dev.clipstream.api.grpc.GrpcTestSupport.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.api.grpc.v1.ClipServiceGrpc;
import dev.clipstream.api.grpc.v1.EncodeImageRequest;
import dev.clipstream.api.grpc.v1.EncodeImageResponse;
import dev.clipstream.api.grpc.v1.EncodeTextRequest;
import dev.clipstream.service.ServingState;
import dev.clipstream.testing.DeterministicModelSource;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.awt.Color;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Draining, as on SIGTERM (ModelBootstrap's shutdown observer calls the same drain): in-flight
 * calls complete, new calls get UNAVAILABLE, health turns NOT_SERVING. Its own profile, because a
 * drained server stays drained.
 */
@QuarkusTest
@TestProfile(DrainTest.Profile.class)
class DrainTest {
  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("clip.drain-grace-period", "5s");
    }
  }

  @GrpcClient("clip")
  ClipServiceGrpc.ClipServiceBlockingStub clip;

  @GrpcClient("health")
  HealthGrpc.HealthBlockingStub health;

  @Inject ServingState state;

  @Test
  void drainingFinishesInFlightCallsAndRefusesNewOnes() throws Exception {
    GrpcTestSupport.awaitServing(health);
    DeterministicModelSource.STATS.imageDelayMillis = 700;
    try {
      long itemsBefore = DeterministicModelSource.STATS.imageItems.get();
      CompletableFuture<EncodeImageResponse> inFlight =
          CompletableFuture.supplyAsync(
              () ->
                  clip.encodeImage(
                      EncodeImageRequest.newBuilder().addImages(png(Color.RED)).build()));
      long end = System.nanoTime() + 10_000_000_000L;
      while (DeterministicModelSource.STATS.imageItems.get() == itemsBefore
          && System.nanoTime() < end) {
        Thread.sleep(5);
      }
      CompletableFuture<Boolean> drained =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return state.drain(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      end = System.nanoTime() + 10_000_000_000L;
      while (state.phase() != ServingState.Phase.DRAINING && System.nanoTime() < end) {
        Thread.sleep(5);
      }
      var refused =
          assertStatus(
              Status.Code.UNAVAILABLE,
              () -> clip.encodeText(EncodeTextRequest.newBuilder().addTexts("late").build()));
      assertTrue(refused.getStatus().getDescription().contains("shutting down"));
      assertEquals(
          ServingStatus.NOT_SERVING,
          health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus());
      assertEquals(1, inFlight.get(10, TimeUnit.SECONDS).getEmbeddingsCount());
      assertTrue(drained.get(10, TimeUnit.SECONDS), "in-flight call did not finish in the grace");
    } finally {
      DeterministicModelSource.STATS.imageDelayMillis = 0;
    }
  }
}
