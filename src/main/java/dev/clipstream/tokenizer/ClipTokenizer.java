package dev.clipstream.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's tokenizer: an exact port of OpenAI's {@code simple_tokenizer.py} plus {@code
 * clip.tokenize(texts, context_length, truncate=True)}, in pure Java.
 *
 * <p>Pipeline: a subset of ftfy's {@code fix_text} (see {@link FtfySubset} for exactly which fixes;
 * mojibake repair is not done), {@code html.unescape} twice (full HTML5), strip, collapse
 * whitespace, strip, Python {@code lower()}, the pre-tokenisation regex, byte-level BPE over the
 * 49,408-token vocabulary, then start-of-text (49406) + ids + end-of-text (49407), zero-padded to
 * the context length; on overflow the first {@code contextLength - 1} tokens are kept and the last
 * position becomes end-of-text. The literal texts {@code <|startoftext|>} and {@code <|endoftext|>}
 * become the special ids, as in the reference.
 *
 * <p>Hostile text: lone surrogates become U+FFFD (what ftfy does) before UTF-8 encoding; NUL and
 * other C0 controls except tab, LF, FF and CR are removed (ftfy); any length is accepted, and work
 * stops once enough tokens are known, so a megabyte costs about a linear scan. A single pre-token
 * longer than {@value #LONG_WORD_BYTES} UTF-8 bytes (e.g. a megabyte of letters without a space) is
 * merged on growing prefixes until the leading tokens no longer change, instead of as a whole.
 *
 * <p>Thread-safe: immutable apart from a bounded LRU cache of merged words.
 */
public final class ClipTokenizer {
  public static final int DEFAULT_CONTEXT_LENGTH = 77;

  /** Entries in the BPE cache by default (a few MB at most). */
  public static final int DEFAULT_CACHE_ENTRIES = 32_768;

  static final int LONG_WORD_BYTES = 1024;
  private static final int CACHEABLE_WORD_CHARS = 64;

  /**
   * simple_tokenizer.py's pattern (compiled there with IGNORECASE). U+0345 is excluded from the
   * last class because the regex module, ignoring case, treats it as its letter ι there, so
   * Python's findall skips it.
   */
  private static final Pattern PRE_TOKENS =
      Pattern.compile(
          "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d"
              + "|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}\\x{345}]+",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

  private final Vocabulary vocabulary;
  private final TextNormalizer normalizer;
  private final BpeCache cache;

  private ClipTokenizer(Vocabulary vocabulary, int cacheEntries) {
    this.vocabulary = vocabulary;
    this.normalizer = new TextNormalizer(HtmlUnescaper.standard());
    this.cache = new BpeCache(cacheEntries);
  }

  /** Loads OpenAI's {@code bpe_simple_vocab_16e6.txt.gz}. */
  public static ClipTokenizer fromBpeGz(Path bpeSimpleVocabGz) throws IOException {
    return new ClipTokenizer(
        Vocabulary.fromMerges(VocabFiles.readBpeGz(bpeSimpleVocabGz)), DEFAULT_CACHE_ENTRIES);
  }

  /** Loads Hugging Face's {@code vocab.json} + {@code merges.txt}. */
  public static ClipTokenizer fromHuggingFace(Path vocabJson, Path mergesTxt) throws IOException {
    return new ClipTokenizer(
        Vocabulary.fromIds(
            VocabFiles.readVocabJson(vocabJson), VocabFiles.readMergesTxt(mergesTxt)),
        DEFAULT_CACHE_ENTRIES);
  }

  /**
   * Loads a model's {@code tokenizer/} folder: {@code vocab.json} + {@code merges.txt} when both
   * are there, else its one {@code *.txt.gz} (preferring {@code bpe_simple_vocab_16e6.txt.gz}).
   */
  public static ClipTokenizer fromDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new java.io.FileNotFoundException("tokenizer folder " + dir + " does not exist");
    }
    Path vocabJson = dir.resolve("vocab.json");
    Path mergesTxt = dir.resolve("merges.txt");
    if (Files.isRegularFile(vocabJson) && Files.isRegularFile(mergesTxt)) {
      return fromHuggingFace(vocabJson, mergesTxt);
    }
    Path preferred = dir.resolve("bpe_simple_vocab_16e6.txt.gz");
    if (Files.isRegularFile(preferred)) {
      return fromBpeGz(preferred);
    }
    List<Path> gz = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.txt.gz")) {
      files.forEach(gz::add);
    }
    if (gz.size() == 1) {
      return fromBpeGz(gz.get(0));
    }
    throw new VocabularyFormatException(
        "tokenizer folder "
            + dir
            + (gz.isEmpty()
                ? " has neither vocab.json + merges.txt nor a BPE *.txt.gz file"
                : " has no vocab.json + merges.txt and several *.txt.gz files: " + gz));
  }

  /** The same tokenizer with a BPE cache of at most {@code entries} words. */
  public ClipTokenizer withCacheEntries(int entries) {
    return new ClipTokenizer(vocabulary, entries);
  }

  /** Writes this vocabulary in Hugging Face form ({@code vocab.json} + {@code merges.txt}). */
  public void writeHuggingFace(Path vocabJson, Path mergesTxt) throws IOException {
    VocabFiles.writeVocabJson(vocabJson, vocabulary);
    VocabFiles.writeMergesTxt(mergesTxt, vocabulary.merges());
  }

  public int vocabSize() {
    return vocabulary.size();
  }

  public int startOfTextId() {
    return vocabulary.startOfText();
  }

  public int endOfTextId() {
    return vocabulary.endOfText();
  }

  /** {@code encode(text, 77)}. */
  public TokenizedText encode(String text) {
    return encode(text, DEFAULT_CONTEXT_LENGTH);
  }

  /** {@code clip.tokenize(text, contextLength, truncate=True)[0]}, with the non-pad count. */
  public TokenizedText encode(String text, int contextLength) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    if (contextLength < 2) {
      throw new IllegalArgumentException(
          "contextLength must be at least 2 (start and end tokens), got " + contextLength);
    }
    // contextLength - 2 BPE tokens fit; one more proves the text is truncated.
    int wanted = contextLength - 1;
    int[] bpe = new int[wanted];
    int count = 0;
    Matcher m = PRE_TOKENS.matcher(normalizer.normalize(text));
    while (count < wanted && m.find()) {
      int[] word = wordIds(m.group(), wanted - count);
      int take = Math.min(word.length, wanted - count);
      System.arraycopy(word, 0, bpe, count, take);
      count += take;
    }
    boolean truncated = count > contextLength - 2;
    int kept = Math.min(count, contextLength - 2);
    int[] ids = new int[contextLength];
    ids[0] = vocabulary.startOfText();
    System.arraycopy(bpe, 0, ids, 1, kept);
    ids[kept + 1] = vocabulary.endOfText();
    return new TokenizedText(ids, kept + 2, truncated);
  }

  /** The ids of one pre-token; only the first {@code needed} matter to the caller. */
  private int[] wordIds(String word, int needed) {
    if (word.equals(Vocabulary.START_OF_TEXT)) {
      return new int[] {vocabulary.startOfText()};
    }
    if (word.equals(Vocabulary.END_OF_TEXT)) {
      return new int[] {vocabulary.endOfText()};
    }
    if (word.length() <= CACHEABLE_WORD_CHARS) {
      return cache.get(word, this::mergeWhole);
    }
    byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= LONG_WORD_BYTES) {
      return BpeMerger.mergeWord(vocabulary, utf8, 0, utf8.length, true);
    }
    return mergeLongWordPrefix(utf8, needed);
  }

  private int[] mergeWhole(String word) {
    byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
    return BpeMerger.mergeWord(vocabulary, utf8, 0, utf8.length, true);
  }

  /**
   * The first {@code needed} ids of a very long word without merging all of it: merge a prefix and
   * a prefix twice as long; when both agree on the first {@code needed} ids (and the shorter one
   * has more than that, so its cut-off end is not among them), those ids are taken. BPE merges are
   * local, so a cut far to the right does not change the leading tokens; the check catches the rare
   * case where it would, and then the prefix grows (up to the whole word).
   */
  private int[] mergeLongWordPrefix(byte[] utf8, int needed) {
    int window = LONG_WORD_BYTES;
    int[] shorter = BpeMerger.mergeWord(vocabulary, utf8, 0, window, false);
    while (true) {
      int longerWindow = (int) Math.min(2L * window, utf8.length);
      boolean whole = longerWindow == utf8.length;
      int[] longer = BpeMerger.mergeWord(vocabulary, utf8, 0, longerWindow, whole);
      if (whole) {
        return longer;
      }
      if (shorter.length > needed
          && longer.length >= needed
          && Arrays.equals(shorter, 0, needed, longer, 0, needed)) {
        return Arrays.copyOf(shorter, needed);
      }
      window = longerWindow;
      shorter = longer;
    }
  }

  /** How many merged words the cache holds now (for tests and metrics). */
  int cachedWords() {
    return cache.size();
  }

  int cacheCapacity() {
    return cache.capacity();
  }

  /** The token string of an id, or null (for tests and debugging). */
  String token(int id) {
    return vocabulary.token(id);
  }
}
