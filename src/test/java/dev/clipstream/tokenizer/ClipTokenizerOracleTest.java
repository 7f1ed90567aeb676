package dev.clipstream.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tokenizer against OpenAI's reference ids (../shared/clip-oracle). */
class ClipTokenizerOracleTest {

  @Test
  void everyOracleCaseGivesTheReferenceIdsCountAndTruncationFlag() {
    List<OracleCases.Case> cases = OracleCases.cases();
    ClipTokenizer tokenizer = OracleCases.tokenizer();
    List<String> misses = new ArrayList<>();
    for (OracleCases.Case c : cases) {
      TokenizedText t = tokenizer.encode(c.text());
      if (!Arrays.equals(c.ids(), t.ids())
          || c.n() != t.length()
          || c.truncated() != t.truncated()) {
        misses.add(
            c.category()
                + " "
                + c.text()
                    .codePoints()
                    .limit(60)
                    .collect(
                        StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                + "\n  want "
                + Arrays.toString(Arrays.copyOf(c.ids(), c.n()))
                + "\n  got  "
                + Arrays.toString(Arrays.copyOf(t.ids(), t.length())));
      }
    }
    assertEquals(165, cases.size(), "oracle case count");
    assertTrue(
        misses.isEmpty(), misses.size() + " of 165 cases differ:\n" + String.join("\n", misses));
  }

  @Test
  void vocabularyHas49408TokensWithSpecialIds() {
    ClipTokenizer tokenizer = OracleCases.tokenizer();
    assertEquals(49408, tokenizer.vocabSize());
    assertEquals(49406, tokenizer.startOfTextId());
    assertEquals(49407, tokenizer.endOfTextId());
  }

  @Test
  void emptyTextIsStartEndThenPadding() {
    TokenizedText t = OracleCases.tokenizer().encode("");
    int[] want = new int[77];
    want[0] = 49406;
    want[1] = 49407;
    assertArrayEquals(want, t.ids());
    assertEquals(2, t.length());
  }
}
