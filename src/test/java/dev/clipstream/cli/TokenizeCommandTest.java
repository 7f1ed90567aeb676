package dev.clipstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipstream.testing.Oracle;
import dev.clipstream.tokenizer.ClipTokenizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code tokenize} subcommand's output contract and its errors. */
class TokenizeCommandTest {
  private final ObjectMapper json = new ObjectMapper();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) {
    TokenizeCommand command =
        new TokenizeCommand(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CommandLine(command).execute(args);
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static String vocab() {
    return Oracle.dir().resolve("bpe_simple_vocab_16e6.txt.gz").toString();
  }

  @Test
  void printsOneJsonLinePerTextWith77IdsAndTheCount() throws Exception {
    assertEquals(0, run("", "--vocab", vocab(), "a photo of a cat", "caf\u00e9"));
    List<String> lines = lines();
    assertEquals(2, lines.size());
    JsonNode first = json.readTree(lines.get(0));
    assertEquals("a photo of a cat", first.get("text").asText());
    assertEquals(77, first.get("ids").size());
    assertEquals(49406, first.get("ids").get(0).asInt());
    assertEquals(7, first.get("n").asInt());
    assertEquals(false, first.get("truncated").asBoolean());
    assertEquals("caf\u00e9", json.readTree(lines.get(1)).get("text").asText());
    assertTrue(lines.get(1).chars().allMatch(c -> c < 128), "output is ASCII JSON");
  }

  @Test
  void stdinTakesOneJsonStringPerLineSoAnyCharacterPasses() throws Exception {
    String stdin = "\"a\\u0000b\"\n\n\"\\ud800 lone\"\n\"line\\nbreak\"\n";
    assertEquals(0, run(stdin, "--vocab", vocab(), "--stdin"));
    List<String> lines = lines();
    assertEquals(3, lines.size());
    assertEquals("a\u0000b", json.readTree(lines.get(0)).get("text").asText());
    assertEquals("line\nbreak", json.readTree(lines.get(2)).get("text").asText());
  }

  @Test
  void modelFolderLoadsItsTokenizerSubfolder(@TempDir Path model) throws Exception {
    Path tokenizer = Files.createDirectory(model.resolve("tokenizer"));
    ClipTokenizer.fromBpeGz(Path.of(vocab()))
        .writeHuggingFace(tokenizer.resolve("vocab.json"), tokenizer.resolve("merges.txt"));
    assertEquals(0, run("", "--model", model.toString(), "a dog"));
    assertEquals(49406, json.readTree(lines().get(0)).get("ids").get(0).asInt());
  }

  @Test
  void missingVocabularyExitsNonZeroNamingTheFile() {
    assertEquals(2, run("", "--vocab", "/no/such/vocab.txt.gz", "x"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("/no/such/vocab.txt.gz"));
  }

  @Test
  void stdinLineThatIsNotAJsonStringExitsNonZeroNamingTheLine() {
    assertEquals(2, run("\"ok\"\n42\n", "--vocab", vocab(), "--stdin"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("line 2"), err.toString());
    assertEquals(1, lines().size(), "lines before the bad one are printed");
  }

  @Test
  void noTextExitsNonZero() {
    assertEquals(2, run("", "--vocab", vocab()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no text"));
  }

  @Test
  void subcommandIsRegistered() {
    assertTrue(new CommandLine(new ClipCommand()).getSubcommands().containsKey("tokenize"));
  }
}
