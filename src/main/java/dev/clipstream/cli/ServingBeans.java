package dev.clipstream.cli;

import dev.clipstream.batching.BatchOptions;
import dev.clipstream.config.ClipServerConfig;
import dev.clipstream.service.EmbeddingService;
import dev.clipstream.service.LabelEmbeddingCache;
import dev.clipstream.service.ModelRegistry;
import dev.clipstream.service.RankingService;
import dev.clipstream.service.ServiceLimits;
import dev.clipstream.service.ServingMetrics;
import dev.clipstream.service.ServingState;
import dev.clipstream.service.WorkerPool;
import dev.clipstream.service.ZeroShotService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI producers that build the service layer from the {@code clip.*} configuration. */
@ApplicationScoped
public class ServingBeans {
  @Produces
  @Singleton
  ServingState servingState() {
    return new ServingState();
  }

  @Produces
  @Singleton
  ServingMetrics servingMetrics(MeterRegistry meters) {
    return new ServingMetrics(meters);
  }

  @Produces
  @Singleton
  ServiceLimits serviceLimits(ClipServerConfig config) {
    return ServiceLimits.from(config.limits());
  }

  @Produces
  @Singleton
  WorkerPool workerPool(ClipServerConfig config) {
    return new WorkerPool(
        config.preprocess().workerThreads(), config.preprocess().maxQueuedTasks());
  }

  void closePool(@Disposes WorkerPool pool) {
    pool.close();
  }

  @Produces
  @Singleton
  ModelRegistry modelRegistry(ClipServerConfig config, ServingMetrics metrics) {
    return new ModelRegistry(
        config.defaultModel(),
        batchOptions(config.batching().image()),
        batchOptions(config.batching().text()),
        metrics);
  }

  void closeRegistry(@Disposes ModelRegistry registry) throws InterruptedException {
    registry.close();
  }

  static BatchOptions batchOptions(ClipServerConfig.Tower tower) {
    return new BatchOptions(
        tower.maxBatchSize(),
        tower.batchTimeout().toNanos() / 1_000,
        tower.maxQueuedItems(),
        tower.numBatchThreads() > 0
            ? tower.numBatchThreads()
            : Runtime.getRuntime().availableProcessors(),
        tower.dispatchWhenIdle(),
        tower.preparingWait().toNanos() / 1_000,
        tower.runIdleBatchOnWorker());
  }

  @Produces
  @Singleton
  EmbeddingService embeddingService(WorkerPool pool, ServiceLimits limits) {
    return new EmbeddingService(pool, limits);
  }

  @Produces
  @Singleton
  LabelEmbeddingCache labelCache(ClipServerConfig config, ServingMetrics metrics) {
    return new LabelEmbeddingCache(config.labelCacheEntries(), metrics);
  }

  @Produces
  @Singleton
  ZeroShotService zeroShotService(
      EmbeddingService embeddings, LabelEmbeddingCache cache, ServiceLimits limits) {
    return new ZeroShotService(embeddings, cache, limits);
  }

  @Produces
  @Singleton
  RankingService rankingService(EmbeddingService embeddings) {
    return new RankingService(embeddings);
  }
}
