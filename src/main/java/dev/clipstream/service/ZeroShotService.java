package dev.clipstream.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Zero-shot classification with prompt ensembling. Label embeddings come from the (model, text) LRU
 * cache when present; missing prompts are encoded in the text batcher and cached.
 */
public final class ZeroShotService {
  private static final List<String> BARE_LABEL = List.of("{}");

  private final EmbeddingService embeddings;
  private final LabelEmbeddingCache cache;
  private final ServiceLimits limits;

  public ZeroShotService(EmbeddingService embeddings, LabelEmbeddingCache cache, ServiceLimits l) {
    this.embeddings = embeddings;
    this.cache = cache;
    this.limits = l;
  }

  /** Labels with their ensembled, normalised embeddings, computed once and reused per stream. */
  public record LabelSet(List<String> labels, List<float[]> embeddings) {}

  /**
   * Checks labels and templates.
   *
   * @throws ClipServiceException INVALID_ARGUMENT naming "labels", "labels[i]" or "templates[i]"
   */
  public void validate(List<String> labels, List<String> templates) {
    if (labels.isEmpty()) {
      throw ClipServiceException.invalid("labels", "at least one label is required");
    }
    if (labels.size() > limits.maxLabels()) {
      throw ClipServiceException.invalid(
          "labels", labels.size() + " labels exceed the limit of " + limits.maxLabels());
    }
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i).isBlank()) {
        throw ClipServiceException.invalid("labels[" + i + "]", "a label must not be blank");
      }
    }
    for (int i = 0; i < templates.size(); i++) {
      if (!templates.get(i).contains("{}")) {
        throw ClipServiceException.invalid(
            "templates[" + i + "]",
            "template \"" + templates.get(i) + "\" has no {} placeholder for the label");
      }
    }
  }

  /** The labels' ensembled embeddings over the templates (empty templates: the bare label). */
  public CompletableFuture<LabelSet> labelSet(
      ModelHandle model, List<String> labels, List<String> templates, CallContext call) {
    validate(labels, templates);
    List<String> used = templates.isEmpty() ? BARE_LABEL : templates;
    Map<String, CompletableFuture<float[]>> prompts = new LinkedHashMap<>();
    for (String label : labels) {
      for (String template : used) {
        prompts.computeIfAbsent(
            ZeroShot.prompt(template, label), p -> promptEmbedding(model, p, call));
      }
    }
    return Futures.allAsList(new ArrayList<>(prompts.values()))
        .thenApply(
            ignored -> {
              List<float[]> ensembled = new ArrayList<>(labels.size());
              for (String label : labels) {
                List<float[]> perTemplate = new ArrayList<>(used.size());
                for (String template : used) {
                  perTemplate.add(prompts.get(ZeroShot.prompt(template, label)).join());
                }
                ensembled.add(ZeroShot.ensemble(perTemplate));
              }
              return new LabelSet(List.copyOf(labels), List.copyOf(ensembled));
            });
  }

  private CompletableFuture<float[]> promptEmbedding(
      ModelHandle model, String prompt, CallContext call) {
    float[] cached = cache.get(model.name(), prompt);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    return embeddings
        .encodeText(model, prompt, true, call)
        .thenApply(
            result -> {
              cache.put(model.name(), prompt, result.embedding());
              return result.embedding();
            });
  }

  /** Classifies one image against labels. */
  public CompletableFuture<List<LabelScore>> classify(
      ModelHandle model,
      ImageInput image,
      List<String> labels,
      List<String> templates,
      int topK,
      CallContext call) {
    validate(labels, templates);
    embeddings.validate(image, "image");
    CompletableFuture<LabelSet> labelSet = labelSet(model, labels, templates, call);
    CompletableFuture<float[]> imageEmbedding =
        embeddings.encodeImage(model, image, false, call, "image");
    return labelSet.thenCombine(imageEmbedding, (set, img) -> score(model, set, img, topK));
  }

  /** Scores an image embedding against a label set. */
  public static List<LabelScore> score(ModelHandle model, LabelSet set, float[] image, int topK) {
    return ZeroShot.classify(
        image, set.labels(), set.embeddings(), model.descriptor().logitScale(), topK);
  }
}
