package dev.clipstream.export.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.tokenizer.ClipTokenizer;
import dev.clipstream.tokenizer.TokenizedText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {
  private static final List<String> CORPUS =
      List.of(
          "a photo of a red circle",
          "a small blue star on a grey background",
          "a red circle and a green square",
          "a photo of a yellow triangle",
          "a green square next to a blue star");

  @TempDir Path tmp;

  @Test
  void vocabularyHasAllByteTokensMergesAndSpecialsInClipOrder() {
    BpeTrainer.Result r = BpeTrainer.train(CORPUS, 600);
    assertEquals(0, r.vocab().get("!"));
    assertEquals(256, r.vocab().get("!</w>"));
    assertEquals(r.size() - 2, r.vocab().get("<|startoftext|>"));
    assertEquals(r.size() - 1, r.vocab().get("<|endoftext|>"));
    assertTrue(r.vocab().containsKey("circle</w>"), "frequent words become one token");
    assertTrue(r.size() <= 600);
  }

  @Test
  void trainingIsDeterministic() {
    assertEquals(BpeTrainer.train(CORPUS, 700).vocab(), BpeTrainer.train(CORPUS, 700).vocab());
  }

  @Test
  void theProjectTokenizerLoadsItAndGivesTheSameIdsAsTheTrainer() throws Exception {
    BpeTrainer.Result r = BpeTrainer.train(CORPUS, 700);
    Path vocab = tmp.resolve("vocab.json");
    Path merges = tmp.resolve("merges.txt");
    BpeTrainer.writeHuggingFace(r, vocab, merges);
    assertTrue(Files.readString(merges).startsWith("#version"));
    ClipTokenizer tokenizer = ClipTokenizer.fromHuggingFace(vocab, merges);
    assertEquals(r.size(), tokenizer.vocabSize());
    BpeEncoder encoder = new BpeEncoder(r);
    for (String text :
        List.of(
            "a photo of a red circle",
            "A Purple HEXAGON!",
            "two shapes: a orange triangle and a purple circle",
            "unseen words tokenize by bytes: zebra 42 ✓ 🙂 日本")) {
      TokenizedText t = tokenizer.encode(text);
      assertArrayEquals(encoder.encode(text), Arrays.copyOf(t.ids(), t.length()), text);
    }
  }

  @Test
  void refusesAVocabularyTooSmallForTheByteTokens() {
    assertThrows(IllegalArgumentException.class, () -> BpeTrainer.train(CORPUS, 100));
  }
}
