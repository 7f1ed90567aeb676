package dev.clipstream.service;

/**
 * What clients may know about a served model (from its model.json).
 *
 * @param logitScale the raw (log) scale; probabilities use {@code exp(logitScale) * cosine}
 */
public record ModelDescriptor(
    String name,
    String version,
    int embedDim,
    int imageResolution,
    int contextLength,
    float logitScale,
    boolean random,
    String sourceSha256,
    String exporterVersion) {}
