package dev.clipstream.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads and writes the two vocabulary forms: OpenAI's {@code bpe_simple_vocab_16e6.txt.gz} (a
 * header line, then one merge per line) and Hugging Face's {@code vocab.json} (a flat JSON object
 * of token to id) + {@code merges.txt} ({@code #version} header, then one merge per line). JSON is
 * handled here with the JDK only, since this package may not depend on a JSON library.
 */
final class VocabFiles {
  /** simple_tokenizer.py keeps lines 1 .. 49152-256-2 of the merges file. */
  static final int OPENAI_MERGES = 49152 - 256 - 2;

  private static final String MERGES_HEADER = "#version: 0.2";

  private VocabFiles() {}

  static List<String[]> readBpeGz(Path gz) throws IOException {
    String text;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.util.zip.ZipException e) {
      throw new VocabularyFormatException(gz + " is not a gzip file: " + e.getMessage());
    }
    String[] lines = text.split("\n", -1);
    if (lines.length < OPENAI_MERGES + 1) {
      throw new VocabularyFormatException(
          gz
              + " has "
              + Math.max(0, lines.length - 1)
              + " merge lines after its header; a CLIP vocabulary needs "
              + OPENAI_MERGES);
    }
    List<String[]> merges = new ArrayList<>(OPENAI_MERGES);
    for (int i = 1; i <= OPENAI_MERGES; i++) {
      merges.add(parseMerge(lines[i], gz, i + 1));
    }
    return merges;
  }

  static List<String[]> readMergesTxt(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String[]> merges = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if ((i == 0 && line.startsWith("#version")) || line.isEmpty()) {
        continue;
      }
      merges.add(parseMerge(line, file, i + 1));
    }
    return merges;
  }

  private static String[] parseMerge(String line, Path file, int lineNumber)
      throws VocabularyFormatException {
    String[] parts = line.trim().split("\\s+");
    if (parts.length != 2 || parts[0].isEmpty()) {
      throw new VocabularyFormatException(
          file + " line " + lineNumber + " is not a merge of two tokens: '" + line + "'");
    }
    return parts;
  }

  static void writeMergesTxt(Path file, List<String[]> merges) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(MERGES_HEADER);
      w.write('\n');
      for (String[] merge : merges) {
        w.write(merge[0]);
        w.write(' ');
        w.write(merge[1]);
        w.write('\n');
      }
    }
  }

  /** Writes {@code {"token": id, ...}} in id order, non-ASCII characters as they are (UTF-8). */
  static void writeVocabJson(Path file, Vocabulary vocabulary) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write('{');
      for (int id = 0; id < vocabulary.size(); id++) {
        if (id > 0) {
          w.write(',');
        }
        writeJsonString(w, vocabulary.token(id));
        w.write(':');
        w.write(Integer.toString(id));
      }
      w.write("}\n");
    }
  }

  private static void writeJsonString(Writer w, String s) throws IOException {
    w.write('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        w.write('\\');
        w.write(c);
      } else if (c < 0x20) {
        w.write(String.format("\\u%04x", (int) c));
      } else {
        w.write(c);
      }
    }
    w.write('"');
  }

  /** Reads a flat JSON object of string keys to non-negative integer values. */
  static Map<String, Integer> readVocabJson(Path file) throws IOException {
    String json = Files.readString(file, StandardCharsets.UTF_8);
    return new FlatJsonObject(json, file.toString()).parse();
  }

  /** A strict parser for exactly one JSON object whose values are integers. */
  private static final class FlatJsonObject {
    private final String s;
    private final String name;
    private int pos;

    FlatJsonObject(String s, String name) {
      this.s = s;
      this.name = name;
    }

    Map<String, Integer> parse() throws VocabularyFormatException {
      Map<String, Integer> out = new LinkedHashMap<>();
      skipSpace();
      expect('{');
      skipSpace();
      if (peek() == '}') {
        pos++;
      } else {
        while (true) {
          skipSpace();
          String key = string();
          skipSpace();
          expect(':');
          skipSpace();
          int value = integer();
          if (out.put(key, value) != null) {
            throw error("token '" + key + "' appears twice");
          }
          skipSpace();
          if (peek() == ',') {
            pos++;
          } else {
            expect('}');
            break;
          }
        }
      }
      skipSpace();
      if (pos != s.length()) {
        throw error("unexpected text after the object");
      }
      return out;
    }

    private char peek() throws VocabularyFormatException {
      if (pos >= s.length()) {
        throw error("unexpected end of file");
      }
      return s.charAt(pos);
    }

    private void expect(char c) throws VocabularyFormatException {
      if (peek() != c) {
        throw error("expected '" + c + "' but found '" + s.charAt(pos) + "'");
      }
      pos++;
    }

    private void skipSpace() {
      while (pos < s.length() && " \t\r\n\uFEFF".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
    }

    private String string() throws VocabularyFormatException {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = peek();
        pos++;
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = peek();
        pos++;
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("truncated \\u escape");
            }
            try {
              sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape '" + s.substring(pos, pos + 4) + "'");
            }
            pos += 4;
          }
          default -> throw error("bad escape '\\" + e + "'");
        }
      }
    }

    private int integer() throws VocabularyFormatException {
      int start = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
        pos++;
      }
      if (start == pos || pos - start > 9) {
        throw error("expected a token id (a non-negative integer)");
      }
      return Integer.parseInt(s.substring(start, pos));
    }

    private VocabularyFormatException error(String what) {
      return new VocabularyFormatException(name + " at character " + pos + ": " + what);
    }
  }
}
