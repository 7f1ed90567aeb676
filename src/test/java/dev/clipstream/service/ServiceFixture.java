package dev.clipstream.service;

import dev.clipstream.batching.BatchOptions;
import dev.clipstream.testing.DeterministicModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The service stack over the deterministic test model. */
final class ServiceFixture implements AutoCloseable {
  final DeterministicModel.Stats stats = new DeterministicModel.Stats();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final ServingMetrics metrics = new ServingMetrics(meters);
  final ServiceLimits limits = new ServiceLimits(1 << 20, 1_000_000, 5, 8, 4, 16);
  final ModelRegistry registry;
  final WorkerPool pool = new WorkerPool(2, 256);
  final EmbeddingService embeddings = new EmbeddingService(pool, limits);
  final LabelEmbeddingCache cache = new LabelEmbeddingCache(100, metrics);
  final ZeroShotService zeroShot = new ZeroShotService(embeddings, cache, limits);
  final RankingService ranking = new RankingService(embeddings);
  final ModelHandle model;

  ServiceFixture() {
    this(new BatchOptions(16, 2_000, 64, 1));
  }

  ServiceFixture(BatchOptions options) {
    this(options, UnaryOperator.identity());
  }

  /** With the deterministic model changed by {@code adapt} (a slow preparer, say). */
  ServiceFixture(BatchOptions options, UnaryOperator<ServedModel> adapt) {
    registry = new ModelRegistry(Optional.empty(), options, options, metrics);
    model = registry.register(adapt.apply(DeterministicModel.create("test", stats)));
  }

  @Override
  public void close() throws Exception {
    registry.close();
    pool.close();
  }
}
