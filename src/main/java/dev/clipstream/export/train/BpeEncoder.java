package dev.clipstream.export.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes text with a vocabulary learned by {@link BpeTrainer}, the way CLIP's tokenizer does
 * (start token, BPE ids by merge rank, end token). Used to check the learned vocabulary; serving
 * uses {@code ClipTokenizer}, which must give the same ids.
 */
public final class BpeEncoder {
  private final Map<String, Integer> vocab;
  private final Map<String, Integer> ranks = new HashMap<>();

  public BpeEncoder(BpeTrainer.Result result) {
    this.vocab = result.vocab();
    for (int i = 0; i < result.merges().size(); i++) {
      String[] m = result.merges().get(i);
      ranks.putIfAbsent(m[0] + " " + m[1], i);
    }
  }

  /** Ids of the text without padding: start, BPE tokens, end. */
  public int[] encode(String text) {
    List<Integer> out = new ArrayList<>();
    out.add(vocab.get(BpeTrainer.START_OF_TEXT));
    for (String word : BpeTrainer.words(text)) {
      for (String token : bpe(BpeTrainer.initialSymbols(word))) {
        out.add(vocab.get(token));
      }
    }
    out.add(vocab.get(BpeTrainer.END_OF_TEXT));
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private List<String> bpe(List<String> symbols) {
    List<String> word = new ArrayList<>(symbols);
    while (word.size() > 1) {
      int bestRank = Integer.MAX_VALUE;
      int bestAt = -1;
      for (int i = 0; i + 1 < word.size(); i++) {
        Integer rank = ranks.get(word.get(i) + " " + word.get(i + 1));
        if (rank != null && rank < bestRank) {
          bestRank = rank;
          bestAt = i;
        }
      }
      if (bestAt < 0) {
        break;
      }
      String left = word.get(bestAt);
      String right = word.get(bestAt + 1);
      List<String> merged = new ArrayList<>(word.size());
      for (int i = 0; i < word.size(); i++) {
        if (i + 1 < word.size() && word.get(i).equals(left) && word.get(i + 1).equals(right)) {
          merged.add(left + right);
          i++;
        } else {
          merged.add(word.get(i));
        }
      }
      word = merged;
    }
    return word;
  }
}
