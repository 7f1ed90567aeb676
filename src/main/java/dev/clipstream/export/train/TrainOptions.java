package dev.clipstream.export.train;

/**
 * Optimiser and schedule settings.
 *
 * @param steps total optimiser steps
 * @param batchSize pairs per step
 * @param peakLearningRate learning rate after warm-up
 * @param warmupSteps linear warm-up from 0 to the peak
 * @param weightDecay decoupled AdamW weight decay λ
 * @param beta1 Adam β1
 * @param beta2 Adam β2
 * @param epsilon Adam ε
 * @param seed seed of initialisation and data order
 * @param threads TF intra-op threads
 * @param checkpointEverySteps write a checkpoint this often (0: only at the end)
 */
public record TrainOptions(
    int steps,
    int batchSize,
    double peakLearningRate,
    int warmupSteps,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    long seed,
    int threads,
    int checkpointEverySteps) {
  public TrainOptions {
    if (steps <= 0) {
      throw new IllegalArgumentException("steps must be > 0, got " + steps);
    }
    if (batchSize < 2) {
      throw new IllegalArgumentException("batchSize must be >= 2, got " + batchSize);
    }
    if (!(peakLearningRate > 0)) {
      throw new IllegalArgumentException("peakLearningRate must be > 0, got " + peakLearningRate);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
    }
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be > 0, got " + threads);
    }
    if (checkpointEverySteps < 0) {
      throw new IllegalArgumentException(
          "checkpointEverySteps must be >= 0, got " + checkpointEverySteps);
    }
  }

  /** Linear warm-up to the peak, then cosine decay to 0 at the last step. */
  public double learningRate(long step) {
    if (step < warmupSteps) {
      return peakLearningRate * (step + 1) / warmupSteps;
    }
    double progress = (double) (step - warmupSteps) / Math.max(1, steps - warmupSteps);
    return 0.5 * peakLearningRate * (1 + Math.cos(Math.PI * Math.min(1, progress)));
  }
}
