package dev.clipstream.service;

import dev.clipstream.config.ClipServerConfig;

/** Request limits enforced by the service (see {@link ClipServerConfig.Limits}). */
public record ServiceLimits(
    long maxImageBytes,
    long maxPixels,
    int maxLabels,
    int maxTextsPerRequest,
    int maxImagesPerRequest,
    int maxStreamItemsInFlight) {
  public ServiceLimits {
    if (maxImageBytes < 1
        || maxPixels < 1
        || maxLabels < 1
        || maxTextsPerRequest < 1
        || maxImagesPerRequest < 1
        || maxStreamItemsInFlight < 1) {
      throw new IllegalArgumentException("every limit must be >= 1: " + this);
    }
  }

  public static ServiceLimits from(ClipServerConfig.Limits limits) {
    return new ServiceLimits(
        limits.maxImageBytes(),
        limits.maxPixels(),
        limits.maxLabels(),
        limits.maxTextsPerRequest(),
        limits.maxImagesPerRequest(),
        limits.maxStreamItemsInFlight());
  }
}
