package dev.clipstream.export.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Learns a byte-level BPE vocabulary in CLIP's format from a corpus of captions and writes it as a
 * Hugging Face {@code vocab.json} + {@code merges.txt} pair.
 *
 * <p>Layout, as OpenAI's {@code simple_tokenizer.py} builds it: the 256 byte symbols (GPT-2's
 * byte→unicode table, in its order), the same 256 with the end-of-word marker {@code </w>}, one
 * token per merge in merge order, then {@code <|startoftext|>} and {@code <|endoftext|>}. Because
 * all 512 byte tokens are present, any text tokenizes. Words are split with CLIP's pre-tokenisation
 * regex after lowercasing and whitespace cleanup, exactly what the tokenizer does at encode time.
 *
 * <p>Deterministic: the most frequent pair wins, ties broken by the lexicographically smallest
 * pair.
 */
public final class BpeTrainer {
  public static final String START_OF_TEXT = "<|startoftext|>";
  public static final String END_OF_TEXT = "<|endoftext|>";
  public static final String END_OF_WORD = "</w>";

  /** CLIP's pre-tokenisation pattern (simple_tokenizer.py), on lowercased text. */
  static final Pattern WORDS =
      Pattern.compile(
          "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+");

  private BpeTrainer() {}

  /** A learned vocabulary: token ids (no gaps) and the merge list in rank order. */
  public record Result(Map<String, Integer> vocab, List<String[]> merges) {
    public int size() {
      return vocab.size();
    }
  }

  /**
   * Learns merges until the vocabulary has {@code vocabSize} tokens or no pair occurs twice.
   *
   * @param texts the corpus
   * @param vocabSize target size including the 512 byte tokens and 2 specials; at least 514
   */
  public static Result train(Iterable<String> texts, int vocabSize) {
    if (vocabSize < 514) {
      throw new IllegalArgumentException(
          "vocabSize must be >= 514 (512 bytes + 2 specials), got " + vocabSize);
    }
    Map<String, Integer> wordCounts = new TreeMap<>();
    for (String text : texts) {
      for (String word : words(text)) {
        wordCounts.merge(word, 1, Integer::sum);
      }
    }
    List<List<String>> symbols = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (Map.Entry<String, Integer> e : wordCounts.entrySet()) {
      symbols.add(new ArrayList<>(initialSymbols(e.getKey())));
      counts.add(e.getValue());
    }
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (String s : orderedByteSymbols()) {
      vocab.put(s, vocab.size());
    }
    for (String s : orderedByteSymbols()) {
      vocab.put(s + END_OF_WORD, vocab.size());
    }
    List<String[]> merges = new ArrayList<>();
    while (vocab.size() + 2 < vocabSize) {
      String[] best = mostFrequentPair(symbols, counts);
      if (best == null) {
        break;
      }
      merges.add(best);
      vocab.putIfAbsent(best[0] + best[1], vocab.size());
      for (List<String> word : symbols) {
        applyMerge(word, best[0], best[1]);
      }
    }
    vocab.put(START_OF_TEXT, vocab.size());
    vocab.put(END_OF_TEXT, vocab.size());
    return new Result(vocab, merges);
  }

  /** Writes {@code vocab.json} and {@code merges.txt} (with the {@code #version} header). */
  public static void writeHuggingFace(Result result, Path vocabJson, Path mergesTxt)
      throws IOException {
    Files.writeString(
        vocabJson, new ObjectMapper().writeValueAsString(result.vocab()), StandardCharsets.UTF_8);
    try (BufferedWriter out = Files.newBufferedWriter(mergesTxt, StandardCharsets.UTF_8)) {
      out.write("#version: 0.2\n");
      for (String[] merge : result.merges()) {
        out.write(merge[0] + " " + merge[1] + "\n");
      }
    }
  }

  /** CLIP's text cleanup and pre-tokenisation: lowercase, collapse whitespace, split words. */
  static List<String> words(String text) {
    String clean = text.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    Matcher m = WORDS.matcher(clean);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** A word's byte symbols, the last one carrying {@code </w>}. */
  static List<String> initialSymbols(String word) {
    byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
    String[] table = byteSymbols();
    List<String> out = new ArrayList<>(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      String s = table[bytes[i] & 0xFF];
      out.add(i == bytes.length - 1 ? s + END_OF_WORD : s);
    }
    return out;
  }

  private static String[] mostFrequentPair(List<List<String>> symbols, List<Integer> counts) {
    Map<String, Integer> pairCounts = new HashMap<>();
    Map<String, String[]> pairs = new HashMap<>();
    for (int w = 0; w < symbols.size(); w++) {
      List<String> word = symbols.get(w);
      for (int i = 0; i + 1 < word.size(); i++) {
        String key = word.get(i) + " " + word.get(i + 1);
        pairCounts.merge(key, counts.get(w), Integer::sum);
        pairs.putIfAbsent(key, new String[] {word.get(i), word.get(i + 1)});
      }
    }
    String best = null;
    int bestCount = 1; // a pair seen once is not worth a token
    for (Map.Entry<String, Integer> e : pairCounts.entrySet()) {
      int c = e.getValue();
      if (c > bestCount || (c == bestCount && best != null && e.getKey().compareTo(best) < 0)) {
        best = e.getKey();
        bestCount = c;
      }
    }
    return best == null ? null : pairs.get(best);
  }

  private static void applyMerge(List<String> word, String left, String right) {
    for (int i = 0; i + 1 < word.size(); i++) {
      if (word.get(i).equals(left) && word.get(i + 1).equals(right)) {
        word.set(i, left + right);
        word.remove(i + 1);
      }
    }
  }

  /** GPT-2's byte→unicode table: printable bytes map to themselves, the rest to U+0100 onward. */
  static String[] byteSymbols() {
    String[] table = new String[256];
    int next = 0;
    for (int b = 0; b < 256; b++) {
      if (isPrintable(b)) {
        table[b] = String.valueOf((char) b);
      } else {
        table[b] = String.valueOf((char) (256 + next++));
      }
    }
    return table;
  }

  /** The byte symbols in the order {@code bytes_to_unicode().values()} lists them. */
  static List<String> orderedByteSymbols() {
    String[] table = byteSymbols();
    List<String> out = new ArrayList<>(256);
    for (int b = 0; b < 256; b++) {
      if (isPrintable(b)) {
        out.add(table[b]);
      }
    }
    for (int b = 0; b < 256; b++) {
      if (!isPrintable(b)) {
        out.add(table[b]);
      }
    }
    return out;
  }

  private static boolean isPrintable(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }
}
