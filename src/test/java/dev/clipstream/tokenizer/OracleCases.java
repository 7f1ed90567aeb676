package dev.clipstream.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipstream.testing.Oracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The oracle's tokenizer cases and a tokenizer loaded from its vocabulary, shared by tests. */
final class OracleCases {
  private static ClipTokenizer tokenizer;

  private OracleCases() {}

  record Case(String text, int[] ids, int n, boolean truncated, String category, JsonNode raw) {}

  static Path vocabGz() {
    return Oracle.dir().resolve("bpe_simple_vocab_16e6.txt.gz");
  }

  static synchronized ClipTokenizer tokenizer() {
    if (tokenizer == null) {
      try {
        tokenizer = ClipTokenizer.fromBpeGz(vocabGz());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return tokenizer;
  }

  static List<Case> cases() {
    return read("tokenizer_cases.jsonl");
  }

  static List<Case> ftfyCases() {
    return read("tokenizer_cases_ftfy.jsonl");
  }

  private static List<Case> read(String file) {
    ObjectMapper mapper = new ObjectMapper();
    List<Case> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Oracle.dir().resolve(file))) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = mapper.readTree(line);
        int[] ids = new int[node.get("ids").size()];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = node.get("ids").get(i).asInt();
        }
        out.add(
            new Case(
                node.get("text").asText(),
                ids,
                node.get("n").asInt(),
                node.path("truncated").asBoolean(false),
                node.path("category").asText(""),
                node));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
