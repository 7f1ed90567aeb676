package dev.clipstream.service;

import dev.clipstream.model.Embeddings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The arithmetic of zero-shot classification, as pure functions. */
public final class ZeroShot {
  private ZeroShot() {}

  /**
   * CLIP's prompt ensembling: the mean of a label's normalised template embeddings, renormalised.
   */
  public static float[] ensemble(List<float[]> normalizedTemplateEmbeddings) {
    int dim = normalizedTemplateEmbeddings.get(0).length;
    float[] sum = new float[dim];
    for (float[] e : normalizedTemplateEmbeddings) {
      for (int i = 0; i < dim; i++) {
        sum[i] += e[i];
      }
    }
    for (int i = 0; i < dim; i++) {
      sum[i] /= normalizedTemplateEmbeddings.size();
    }
    return Embeddings.normalized(sum);
  }

  /**
   * Scores labels for one image, sorted by probability (ties keep label order).
   *
   * @param imageEmbedding the image's embedding (normalised here)
   * @param labelEmbeddings one normalised (ensembled) embedding per label
   * @param logitScale the model's raw logit scale; logits are {@code exp(logitScale) * cosine}
   * @param topK labels to return; 0 or more than the labels means all
   */
  public static List<LabelScore> classify(
      float[] imageEmbedding,
      List<String> labels,
      List<float[]> labelEmbeddings,
      float logitScale,
      int topK) {
    float[] image = Embeddings.normalized(imageEmbedding);
    int n = labels.size();
    float scale = (float) Math.exp(logitScale);
    float[] cosines = new float[n];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      cosines[i] = Embeddings.dot(image, labelEmbeddings.get(i));
      max = Math.max(max, (double) scale * cosines[i]);
    }
    double[] exps = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      exps[i] = Math.exp((double) scale * cosines[i] - max);
      sum += exps[i];
    }
    List<LabelScore> scores = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      scores.add(new LabelScore(i, labels.get(i), (float) (exps[i] / sum), cosines[i]));
    }
    scores.sort(
        Comparator.comparingDouble((LabelScore s) -> -s.probability())
            .thenComparingInt(LabelScore::index));
    return topK > 0 && topK < n ? List.copyOf(scores.subList(0, topK)) : scores;
  }

  /** Expands one template for one label: every "{}" becomes the label. */
  public static String prompt(String template, String label) {
    return template.replace("{}", label);
  }
}
