package dev.clipstream.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The BPE vocabulary (token string to id) and the merge list (pair to rank), in the integer form
 * the merger works on. Immutable and shareable between threads.
 *
 * <p>Built either as simple_tokenizer.py builds it from the merges file (256 byte symbols, the same
 * with {@code </w>}, one token per merge, then the two special tokens), or from a Hugging Face
 * {@code vocab.json} whose ids are taken as given.
 */
final class Vocabulary {
  static final String START_OF_TEXT = "<|startoftext|>";
  static final String END_OF_TEXT = "<|endoftext|>";
  static final String END_OF_WORD = "</w>";

  private final String[] tokens;
  private final Map<String, Integer> ids;
  private final List<String[]> merges;
  private final PairRanks pairRanks;
  private final int[] mergedIdByRank;
  private final int[] byteIds = new int[256];
  private final int[] lastByteIds = new int[256];
  private final int startOfText;
  private final int endOfText;

  private Vocabulary(Map<String, Integer> ids, List<String[]> merges)
      throws VocabularyFormatException {
    this.ids = Map.copyOf(ids);
    this.merges = List.copyOf(merges);
    int size = 0;
    for (int id : ids.values()) {
      if (id < 0) {
        throw new VocabularyFormatException("negative token id " + id + " in the vocabulary");
      }
      size = Math.max(size, id + 1);
    }
    tokens = new String[size];
    for (Map.Entry<String, Integer> entry : ids.entrySet()) {
      int id = entry.getValue();
      if (tokens[id] != null) {
        throw new VocabularyFormatException(
            "token id "
                + id
                + " is given to both '"
                + tokens[id]
                + "' and '"
                + entry.getKey()
                + "'");
      }
      tokens[id] = entry.getKey();
    }
    if (ids.size() != size) {
      throw new VocabularyFormatException(
          "token ids must be 0.."
              + (size - 1)
              + " without gaps, but only "
              + ids.size()
              + " are used");
    }
    for (int b = 0; b < 256; b++) {
      String symbol = String.valueOf(ByteSymbols.symbol(b));
      byteIds[b] = require(symbol, "byte symbol");
      lastByteIds[b] = require(symbol + END_OF_WORD, "end-of-word byte symbol");
    }
    startOfText = require(START_OF_TEXT, "special token");
    endOfText = require(END_OF_TEXT, "special token");
    int[] left = new int[merges.size()];
    int[] right = new int[merges.size()];
    mergedIdByRank = new int[merges.size()];
    for (int rank = 0; rank < merges.size(); rank++) {
      String[] pair = merges.get(rank);
      String where = "merge #" + (rank + 1) + " '" + pair[0] + " " + pair[1] + "'";
      left[rank] = require(pair[0], "left part of " + where);
      right[rank] = require(pair[1], "right part of " + where);
      mergedIdByRank[rank] = require(pair[0] + pair[1], "result of " + where);
    }
    pairRanks = new PairRanks(left, right);
  }

  private int require(String token, String what) throws VocabularyFormatException {
    Integer id = ids.get(token);
    if (id == null) {
      throw new VocabularyFormatException("the vocabulary lacks the " + what + " '" + token + "'");
    }
    return id;
  }

  /** The vocabulary simple_tokenizer.py derives from a merge list. */
  static Vocabulary fromMerges(List<String[]> merges) throws VocabularyFormatException {
    Map<String, Integer> ids = new HashMap<>();
    int next = 0;
    String[] bytes = ByteSymbols.orderedSymbols();
    for (String symbol : bytes) {
      ids.put(symbol, next++);
    }
    for (String symbol : bytes) {
      ids.put(symbol + END_OF_WORD, next++);
    }
    for (String[] merge : merges) {
      ids.put(merge[0] + merge[1], next++); // a repeated token keeps its last id, as dict(zip())
    }
    ids.put(START_OF_TEXT, next++);
    ids.put(END_OF_TEXT, next);
    return new Vocabulary(ids, merges);
  }

  /** A vocabulary with the ids of a Hugging Face {@code vocab.json}. */
  static Vocabulary fromIds(Map<String, Integer> ids, List<String[]> merges)
      throws VocabularyFormatException {
    return new Vocabulary(ids, merges);
  }

  int size() {
    return tokens.length;
  }

  /** The token with this id, or null for an id no token has. */
  String token(int id) {
    return id >= 0 && id < tokens.length ? tokens[id] : null;
  }

  Integer id(String token) {
    return ids.get(token);
  }

  List<String[]> merges() {
    return merges;
  }

  int startOfText() {
    return startOfText;
  }

  int endOfText() {
    return endOfText;
  }

  /** The id of the symbol for byte {@code b} inside a word. */
  int byteId(int b) {
    return byteIds[b & 0xFF];
  }

  /** The id of the symbol for byte {@code b} as the last symbol of a word (with {@code </w>}). */
  int lastByteId(int b) {
    return lastByteIds[b & 0xFF];
  }

  /** The merge rank of the adjacent pair (a, b), or -1. */
  int rank(int a, int b) {
    return pairRanks.rank(a, b);
  }

  /** The id of the token a merge of this rank produces. */
  int mergedId(int rank) {
    return mergedIdByRank[rank];
  }
}
