package dev.clipstream.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which tags a frame gets and whether it is answered, for frame tagging.
 *
 * @param topK tags per frame; 0 means every label
 * @param scoreThreshold tags with a lower probability are left out, in [0, 1]
 * @param emitOnlyOnChange answer a frame only when its tag labels differ from the last answered
 */
public record TagPolicy(int topK, float scoreThreshold, boolean emitOnlyOnChange) {
  public TagPolicy {
    if (topK < 0) {
      throw ClipServiceException.invalid("top_k", "must be >= 0, got " + topK);
    }
    if (!(scoreThreshold >= 0 && scoreThreshold <= 1)) {
      throw ClipServiceException.invalid(
          "score_threshold", "must be in [0, 1], got " + scoreThreshold);
    }
  }

  /** The tags to report from scores sorted best first. */
  public List<LabelScore> select(List<LabelScore> sortedScores) {
    List<LabelScore> tags = new ArrayList<>();
    for (LabelScore s : sortedScores) {
      if (topK > 0 && tags.size() == topK) {
        break;
      }
      if (s.probability() >= scoreThreshold) {
        tags.add(s);
      }
    }
    return tags;
  }

  /**
   * Whether a frame with {@code tags} is answered, given the last answered frame's tags (null
   * before the first frame).
   */
  public boolean shouldEmit(List<LabelScore> previous, List<LabelScore> tags) {
    if (!emitOnlyOnChange || previous == null) {
      return true;
    }
    return !Objects.equals(labels(previous), labels(tags));
  }

  private static List<String> labels(List<LabelScore> tags) {
    return tags.stream().map(LabelScore::label).sorted().toList();
  }
}
