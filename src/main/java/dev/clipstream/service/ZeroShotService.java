package dev.clipstream.service;

import dev.clipstream.service.EmbeddingService.TextResult;
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

  /**
   * The labels' ensembled embeddings over the templates (empty templates: the bare label).
   *
   * @throws ClipServiceException CANCELLED or DEADLINE_EXCEEDED when {@code call} already ended: no
   *     new encoding starts for it
   */
  public CompletableFuture<LabelSet> labelSet(
      ModelHandle model, List<String> labels, List<String> templates, CallContext call) {
    validate(labels, templates);
    call.checkActive();
    List<String> used = templates.isEmpty() ? BARE_LABEL : templates;
    Map<String, CompletableFuture<float[]>> prompts = new LinkedHashMap<>();
    for (String label : labels) {
      for (String template : used) {
        prompts.computeIfAbsent(ZeroShot.prompt(template, label), p -> promptEmbedding(model, p));
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

  /**
   * A prompt's normalised embedding, shared by every caller that needs it while it is encoded. The
   * encoding runs without any one caller's deadline or cancellation, since it may end up serving
   * others; a caller whose call ends meanwhile is answered by the API layer and its result dropped.
   */
  private CompletableFuture<float[]> promptEmbedding(ModelHandle model, String prompt) {
    return cache.get(
        model.name(),
        prompt,
        () ->
            embeddings
                .encodeText(model, prompt, true, CallContext.withoutDeadline())
                .thenApply(TextResult::embedding));
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
