package dev.clipstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clipstream.batching.BatchOptions;
import dev.clipstream.config.ClipServerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServingBeansTest {
  private record Tower(
      int maxBatchSize,
      Duration batchTimeout,
      boolean dispatchWhenIdle,
      Duration preparingWait,
      int maxQueuedItems,
      int numBatchThreads,
      boolean runIdleBatchOnWorker)
      implements ClipServerConfig.Tower {}

  @Test
  void towerSettingsBecomeTheSchedulersOptionsInMicroseconds() {
    BatchOptions options =
        ServingBeans.batchOptions(
            new Tower(16, Duration.ofMillis(2), true, Duration.ofMillis(25), 512, 3, true));
    assertEquals(new BatchOptions(16, 2_000, 512, 3, true, 25_000, true), options);
  }

  @Test
  void zeroBatchThreadsMeansOnePerCore() {
    BatchOptions options =
        ServingBeans.batchOptions(new Tower(8, Duration.ZERO, false, Duration.ZERO, 64, 0, false));
    assertEquals(Runtime.getRuntime().availableProcessors(), options.numBatchThreads());
    assertEquals(0, options.preparingWaitMicros());
  }
}
