package dev.clipstream.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZeroShotTest {
  @Test
  void ensembleIsTheRenormalisedMeanOfNormalisedTemplateEmbeddings() {
    float[] a = {1, 0};
    float[] b = {0, 1};
    float s = (float) Math.sqrt(0.5);
    assertArrayEquals(new float[] {s, s}, ZeroShot.ensemble(List.of(a, b)), 1e-6f);
  }

  @Test
  void probabilitiesAreTheSoftmaxOfScaledCosinesSortedBestFirst() {
    List<float[]> labels = List.of(new float[] {1, 0}, new float[] {0, 1});
    float[] image = {3, 4}; // normalised: (0.6, 0.8)
    float logitScale = (float) Math.log(20);
    List<LabelScore> scores = ZeroShot.classify(image, List.of("x", "y"), labels, logitScale, 0);
    double ex = Math.exp(20 * 0.6);
    double ey = Math.exp(20 * 0.8);
    assertEquals("y", scores.get(0).label());
    assertEquals(1, scores.get(0).index());
    assertEquals(0.8f, scores.get(0).cosine(), 1e-6f);
    assertEquals(ey / (ex + ey), scores.get(0).probability(), 1e-6);
    assertEquals(ex / (ex + ey), scores.get(1).probability(), 1e-6);
  }

  @Test
  void topKKeepsTheBestLabelsOnly() {
    List<float[]> labels = List.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {-1, 0});
    var scores = ZeroShot.classify(new float[] {1, 0}, List.of("a", "b", "c"), labels, 0f, 2);
    assertEquals(List.of("a", "b"), scores.stream().map(LabelScore::label).toList());
  }

  @Test
  void tiesKeepRequestOrder() {
    List<float[]> labels = List.of(new float[] {0, 1}, new float[] {0, 1});
    var scores = ZeroShot.classify(new float[] {1, 0}, List.of("first", "second"), labels, 0f, 0);
    assertEquals(List.of("first", "second"), scores.stream().map(LabelScore::label).toList());
  }

  @Test
  void promptReplacesEveryPlaceholder() {
    assertEquals("a photo of a cat, a cat", ZeroShot.prompt("a photo of a {}, a {}", "cat"));
  }

  @Test
  void tagPolicyKeepsTopKAboveTheThresholdAndEmitsOnlyOnChange() {
    var policy = new TagPolicy(2, 0.2f, true);
    var scores =
        List.of(
            new LabelScore(0, "a", 0.5f, 0.1f),
            new LabelScore(1, "b", 0.3f, 0.1f),
            new LabelScore(2, "c", 0.19f, 0.1f));
    var tags = policy.select(scores);
    assertEquals(List.of("a", "b"), tags.stream().map(LabelScore::label).toList());
    assertEquals(true, policy.shouldEmit(null, tags));
    assertEquals(false, policy.shouldEmit(tags, List.of(tags.get(1), tags.get(0))));
    assertEquals(true, policy.shouldEmit(tags, List.of(tags.get(0))));
  }
}
