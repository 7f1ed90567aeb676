package dev.clipstream.service;

/**
 * A label's zero-shot result.
 *
 * @param index the label's position in the request
 * @param probability softmax over the labels of {@code exp(logitScale) * cosine}
 * @param cosine cosine similarity of the image and the label's ensembled text embedding
 */
public record LabelScore(int index, String label, float probability, float cosine) {}
