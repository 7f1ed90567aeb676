package dev.clipstream.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both vocabulary forms (OpenAI gz, Hugging Face json + txt) and folder loading. */
class ClipTokenizerFormsTest {
  @TempDir Path tmp;

  private ClipTokenizer writeAndLoadHuggingFace() throws Exception {
    OracleCases.tokenizer().writeHuggingFace(tmp.resolve("vocab.json"), tmp.resolve("merges.txt"));
    return ClipTokenizer.fromHuggingFace(tmp.resolve("vocab.json"), tmp.resolve("merges.txt"));
  }

  @Test
  void huggingFaceFormWrittenFromTheGzGivesIdenticalIdsOnEveryOracleCase() throws Exception {
    ClipTokenizer hf = writeAndLoadHuggingFace();
    assertEquals(49408, hf.vocabSize());
    for (OracleCases.Case c : OracleCases.cases()) {
      assertArrayEquals(c.ids(), hf.encode(c.text()).ids(), c.text());
    }
    for (OracleCases.Case c : OracleCases.ftfyCases()) {
      assertArrayEquals(
          OracleCases.tokenizer().encode(c.text()).ids(), hf.encode(c.text()).ids(), c.text());
    }
  }

  @Test
  void huggingFaceFilesHaveTheVersionHeaderAndAllMerges() throws Exception {
    writeAndLoadHuggingFace();
    List<String> merges = Files.readAllLines(tmp.resolve("merges.txt"), StandardCharsets.UTF_8);
    assertEquals("#version: 0.2", merges.get(0));
    assertEquals(VocabFiles.OPENAI_MERGES + 1, merges.size());
    String json = Files.readString(tmp.resolve("vocab.json"), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"<|endoftext|>\":49407"), "vocab.json names the end token");
  }

  @Test
  void fromDirectoryPrefersHuggingFaceFilesThenTheGz() throws Exception {
    writeAndLoadHuggingFace();
    assertEquals(49408, ClipTokenizer.fromDirectory(tmp).vocabSize());
    Path gzOnly = Files.createDirectory(tmp.resolve("gz"));
    Files.copy(OracleCases.vocabGz(), gzOnly.resolve("bpe_simple_vocab_16e6.txt.gz"));
    ClipTokenizer fromGz = ClipTokenizer.fromDirectory(gzOnly);
    assertArrayEquals(
        OracleCases.tokenizer().encode("a photo of a cat").ids(),
        fromGz.encode("a photo of a cat").ids());
  }

  @Test
  void fromDirectoryWithoutVocabularyNamesWhatIsMissing() throws Exception {
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    VocabularyFormatException e =
        assertThrows(VocabularyFormatException.class, () -> ClipTokenizer.fromDirectory(empty));
    assertTrue(e.getMessage().contains("vocab.json + merges.txt"), e.getMessage());
  }

  @Test
  void mergeWhosePartsAreNotInTheVocabularyIsRejectedByName() throws Exception {
    writeAndLoadHuggingFace();
    Files.writeString(tmp.resolve("merges.txt"), "#version: 0.2\nnotatoken qq\n");
    VocabularyFormatException e =
        assertThrows(
            VocabularyFormatException.class,
            () ->
                ClipTokenizer.fromHuggingFace(
                    tmp.resolve("vocab.json"), tmp.resolve("merges.txt")));
    assertTrue(e.getMessage().contains("'notatoken'"), e.getMessage());
  }

  @Test
  void malformedVocabJsonIsRejectedWithItsPosition() throws Exception {
    Files.writeString(tmp.resolve("vocab.json"), "{\"a\": 0, \"b\": }");
    Files.writeString(tmp.resolve("merges.txt"), "#version: 0.2\n");
    VocabularyFormatException e =
        assertThrows(
            VocabularyFormatException.class,
            () ->
                ClipTokenizer.fromHuggingFace(
                    tmp.resolve("vocab.json"), tmp.resolve("merges.txt")));
    assertTrue(e.getMessage().contains("at character"), e.getMessage());
  }

  @Test
  void truncatedGzIsRejectedWithTheMergeCount() throws Exception {
    Path gz = tmp.resolve("short.txt.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("header\na b\n".getBytes(StandardCharsets.UTF_8));
    }
    VocabularyFormatException e =
        assertThrows(VocabularyFormatException.class, () -> ClipTokenizer.fromBpeGz(gz));
    assertTrue(e.getMessage().contains("48894"), e.getMessage());
  }
}
