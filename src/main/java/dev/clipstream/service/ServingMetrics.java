package dev.clipstream.service;

import dev.clipstream.batching.BatchListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The serving metrics (Prometheus names after the registry's renaming): {@code clip_batch_size}
 * histogram, {@code clip_preprocess_seconds}, {@code clip_queue_wait_seconds}, {@code
 * clip_model_execution_seconds}, {@code clip_queue_items} gauge, {@code clip_queue_rejected_total}
 * and {@code clip_queue_expired_total}, all tagged by model and tower; {@code
 * clip_label_cache_requests_total} tagged by result (hit/miss).
 */
public final class ServingMetrics {
  private final MeterRegistry registry;

  public ServingMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A listener recording one scheduler's metrics, and a gauge of its queue. */
  BatchListener batchListener(String model, String tower, Supplier<Number> queuedItems) {
    registry.gauge(
        "clip.queue.items",
        io.micrometer.core.instrument.Tags.of("model", model, "tower", tower),
        queuedItems,
        s -> s.get().doubleValue());
    DistributionSummary batchSize =
        DistributionSummary.builder("clip.batch.size")
            .description("Items per model call")
            .tags("model", model, "tower", tower)
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
            .register(registry);
    Timer queueWait =
        Timer.builder("clip.queue.wait")
            .description("Time an item waited in the batch queue")
            .tags("model", model, "tower", tower)
            .publishPercentileHistogram()
            .register(registry);
    Timer execution =
        Timer.builder("clip.model.execution")
            .description("Time of one model call (one batch)")
            .tags("model", model, "tower", tower)
            .publishPercentileHistogram()
            .register(registry);
    Counter rejected =
        Counter.builder("clip.queue.rejected")
            .description("Items refused because the batch queue was full")
            .tags("model", model, "tower", tower)
            .register(registry);
    Counter expired =
        Counter.builder("clip.queue.expired")
            .description("Items dropped unrun because their deadline passed")
            .tags("model", model, "tower", tower)
            .register(registry);
    return new BatchListener() {
      @Override
      public void batchRan(int size, long executionNanos) {
        batchSize.record(size);
        execution.record(executionNanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public void itemDequeued(long queueWaitNanos) {
        queueWait.record(queueWaitNanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public void itemRejected() {
        rejected.increment();
      }

      @Override
      public void itemExpired() {
        expired.increment();
      }
    };
  }

  /**
   * Time to prepare one item for a tower: decode, resize and crop an image, or tokenise a text.
   * With the queue wait and the model execution it splits a call's server time into its three
   * stages, as Triton's compute_input / queue / compute_infer do.
   */
  Timer preprocessTimer(String model, String tower) {
    return Timer.builder("clip.preprocess")
        .description("Time to decode and preprocess one image or tokenise one text")
        .tags("model", model, "tower", tower)
        .publishPercentileHistogram()
        .register(registry);
  }

  Counter labelCacheCounter(String result) {
    return Counter.builder("clip.label.cache.requests")
        .description("Label-embedding cache lookups")
        .tag("result", result)
        .register(registry);
  }
}
