package dev.clipstream.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TokenizedTextTest {
  @Test
  void idsAreCopiedInAndOut() {
    int[] ids = {49406, 320, 49407, 0};
    TokenizedText t = new TokenizedText(ids, 3, false);
    ids[1] = 9;
    t.ids()[1] = 9;
    assertEquals(320, t.id(1));
    assertEquals(4, t.contextLength());
  }

  @Test
  void equalityIsByValue() {
    assertEquals(
        new TokenizedText(new int[] {1, 2, 0}, 2, false),
        new TokenizedText(new int[] {1, 2, 0}, 2, false));
    assertFalse(
        new TokenizedText(new int[] {1, 2, 0}, 2, false)
            .equals(new TokenizedText(new int[] {1, 2, 0}, 2, true)));
  }

  @Test
  void lengthOutsideTheArrayIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new TokenizedText(new int[2], 3, false));
    assertThrows(IllegalArgumentException.class, () -> new TokenizedText(null, 0, false));
  }

  @Test
  void shorterContextLengthTruncatesWithEndTokenLast() {
    OracleCases.Case longCase =
        OracleCases.cases().stream().filter(OracleCases.Case::truncated).findFirst().orElseThrow();
    TokenizedText t = OracleCases.tokenizer().encode(longCase.text(), 10);
    assertTrue(t.truncated());
    assertEquals(10, t.length());
    assertArrayEquals(Arrays.copyOf(longCase.ids(), 9), Arrays.copyOf(t.ids(), 9));
    assertEquals(49407, t.id(9));
  }

  @Test
  void exclamationMarkIsTokenZeroAndCountsAsNonPad() {
    // "!~" is "!" + "~</w>" in OpenAI's tokenizer: [49406, 0, 349, 49407].
    TokenizedText t = OracleCases.tokenizer().encode("!~");
    assertEquals(4, t.length());
    assertEquals(0, t.id(1));
  }
}
