package dev.clipstream.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Text a client may send on purpose or by accident: never a crash, a hang or unbounded work. */
class ClipTokenizerHostileInputTest {
  private static final int MEGABYTE = 1 << 20;

  private static ClipTokenizer tokenizer() {
    return OracleCases.tokenizer();
  }

  @Test
  void unpairedSurrogatesAreTokenisedAsTheReplacementCharacter() {
    assertArrayEquals(tokenizer().encode("\uFFFDabc").ids(), tokenizer().encode("\uD800abc").ids());
    assertArrayEquals(tokenizer().encode("x \uFFFD").ids(), tokenizer().encode("x \uDC00").ids());
    assertArrayEquals(
        tokenizer().encode("\uFFFD\uFFFD").ids(), tokenizer().encode("\uDC00\uD800").ids());
  }

  @Test
  void validSurrogatePairsStayOneCharacter() {
    TokenizedText emoji = tokenizer().encode("\uD83D\uDE00");
    assertTrue(emoji.length() > 2);
    assertTrue(
        Arrays.stream(emoji.ids()).noneMatch(id -> id == tokenizer().encode("\uFFFD").id(1)));
  }

  @Test
  void nulAndOtherControlCharactersAreRemovedAsFtfyDoes() {
    assertArrayEquals(tokenizer().encode("ab").ids(), tokenizer().encode("a\u0000b").ids());
    assertArrayEquals(
        tokenizer().encode("ab").ids(), tokenizer().encode("\u0001a\u0008\u007fb\u001f").ids());
    // tab, LF, FF and CR are whitespace, not removed
    assertArrayEquals(tokenizer().encode("a b").ids(), tokenizer().encode("a\t\n\f\rb").ids());
  }

  @Test
  void nullTextAndTooSmallContextLengthAreRejectedWithTheValue() {
    assertThrows(IllegalArgumentException.class, () -> tokenizer().encode(null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> tokenizer().encode("a", 1));
    assertTrue(e.getMessage().contains("got 1"), e.getMessage());
  }

  /**
   * Encodes a 1 MB text within 2 s of this thread's CPU time (not wall time: the build machine is
   * shared, and its load says nothing about this code), after warming the JIT on 1/8 of it, since a
   * cold JVM interprets the first megabyte several times slower than a serving process runs it.
   */
  private static TokenizedText timedEncode(String text) {
    tokenizer().encode(text.substring(0, text.length() / 8));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    TokenizedText t = tokenizer().encode(text);
    double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
    assertTrue(seconds < 2.0, "a 1 MB text took " + seconds + " s of CPU");
    assertEquals(77, t.length());
    assertTrue(t.truncated());
    assertEquals(49407, t.id(76));
    return t;
  }

  @Test
  void megabyteOfCaptionsIsTruncatedQuicklyAndEqualsItsPrefix() {
    String caption = "a photo of a cat sitting on a red sofa. ";
    String text = caption.repeat(MEGABYTE / caption.length());
    TokenizedText t = timedEncode(text);
    assertArrayEquals(tokenizer().encode(text.substring(0, 2000)).ids(), t.ids());
  }

  @Test
  void megabyteWordWithoutSpacesMatchesMergingAFullPrefix() {
    Random random = new Random(11);
    char[] letters = new char[MEGABYTE];
    for (int i = 0; i < letters.length; i++) {
      letters[i] = (char) ('a' + random.nextInt(26));
    }
    String text = new String(letters);
    TokenizedText t = timedEncode(text);
    byte[] utf8 = text.substring(0, 8192).getBytes(StandardCharsets.UTF_8);
    int[] reference = BpeMerger.mergeWord(vocabulary(), utf8, 0, 8192, false);
    assertArrayEquals(Arrays.copyOf(reference, 75), Arrays.copyOfRange(t.ids(), 1, 76));
  }

  @Test
  void megabyteOfOneRepeatedLetterOrSymbolIsFast() {
    timedEncode("a".repeat(MEGABYTE));
    timedEncode("!".repeat(MEGABYTE));
    timedEncode("\uD83D\uDE00".repeat(MEGABYTE / 4));
  }

  @Test
  void megabyteOfEntitiesControlsAndSurrogatesIsFast() {
    timedEncode("&amp;amp;lt;".repeat(MEGABYTE / 12));
    timedEncode("\u0000\uD800x\u001b[31m\u00e9\u0301".repeat(MEGABYTE / 8));
  }

  @Test
  void megabyteOfWhitespaceGivesTheEmptySequence() {
    TokenizedText t = tokenizer().encode(" \t\n\u3000".repeat(MEGABYTE / 4));
    assertEquals(2, t.length());
    assertEquals(false, t.truncated());
  }

  private static Vocabulary vocabulary() {
    try {
      return Vocabulary.fromMerges(VocabFiles.readBpeGz(OracleCases.vocabGz()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
