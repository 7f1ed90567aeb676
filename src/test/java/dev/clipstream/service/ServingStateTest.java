package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServingStateTest {
  @Test
  void callsAreUnavailableUntilTheModelsAreWarm() {
    ServingState state = new ServingState();
    var e = assertThrows(ClipServiceException.class, state::enter);
    assertEquals(ClipServiceException.Kind.UNAVAILABLE, e.kind());
    state.markServing();
    state.enter();
    assertEquals(1, state.inFlight());
    state.exit();
  }

  @Test
  void drainingRefusesNewCallsAndWaitsForInFlightOnes() throws Exception {
    ServingState state = new ServingState();
    List<ServingState.Phase> phases = new ArrayList<>();
    state.onChange(phases::add);
    state.markServing();
    state.enter();
    Thread finisher =
        new Thread(
            () -> {
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                return;
              }
              state.exit();
            });
    finisher.start();
    assertTrue(state.drain(Duration.ofSeconds(10)));
    assertEquals(0, state.inFlight());
    assertEquals(
        ClipServiceException.Kind.UNAVAILABLE,
        assertThrows(ClipServiceException.class, state::enter).kind());
    assertEquals(
        List.of(
            ServingState.Phase.STARTING, ServingState.Phase.SERVING, ServingState.Phase.DRAINING),
        phases);
  }

  @Test
  void drainGivesUpAfterTheGracePeriod() throws Exception {
    ServingState state = new ServingState();
    state.markServing();
    state.enter();
    long start = System.nanoTime();
    assertFalse(state.drain(Duration.ofMillis(100)));
    assertTrue(System.nanoTime() - start >= 90_000_000L);
  }
}
