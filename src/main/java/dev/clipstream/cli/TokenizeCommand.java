package dev.clipstream.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipstream.tokenizer.ClipTokenizer;
import dev.clipstream.tokenizer.TokenizedText;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tokenize}: CLIP token ids of texts, one JSON line per text. */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description = {
      "Tokenises texts exactly as OpenAI CLIP's clip.tokenize(text, truncate=True) and prints one"
          + " JSON line per text:",
      "  {\"text\": ..., \"ids\": [77 ints], \"n\": non-pad count, \"truncated\": bool}",
      "The vocabulary is OpenAI's bpe_simple_vocab_16e6.txt.gz (--vocab) or a model folder's"
          + " tokenizer/ (--model; Hugging Face vocab.json + merges.txt or the .txt.gz).",
      "Output is pure ASCII JSON (non-ASCII escaped as \\uXXXX)."
    },
    footer = {
      "",
      "Examples:",
      "  clip tokenize --vocab bpe_simple_vocab_16e6.txt.gz \"a photo of a cat\"",
      "  printf '\"a photo of a cat\"\\n\"caf\\\\u00e9\"\\n' | clip tokenize --vocab"
          + " bpe_simple_vocab_16e6.txt.gz --stdin",
      "  clip tokenize --model models/vit-b-32 \"a dog\"",
      "",
      "Exit status: 0 on success, 2 on bad arguments or unreadable input, 1 on other errors."
    })
public final class TokenizeCommand implements Callable<Integer> {
  static final int EXIT_BAD_INPUT = 2;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(
        names = "--vocab",
        paramLabel = "FILE",
        description = "OpenAI's bpe_simple_vocab_16e6.txt.gz")
    Path vocab;

    @Option(
        names = "--model",
        paramLabel = "DIR",
        description = "a model folder; its tokenizer/ subfolder is loaded")
    Path model;
  }

  @Option(
      names = "--stdin",
      description =
          "read texts from standard input instead, one JSON string per line (e.g. \"caf\\u00e9\"),"
              + " so any character can be passed; blank lines are skipped")
  boolean stdin;

  @Option(
      names = "--context-length",
      paramLabel = "N",
      defaultValue = "77",
      description = "token positions per text (default ${DEFAULT-VALUE})")
  int contextLength;

  @Parameters(paramLabel = "TEXT", arity = "0..*", description = "texts to tokenise")
  List<String> texts = new ArrayList<>();

  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;

  public TokenizeCommand() {
    this(System.in, System.out, System.err);
  }

  TokenizeCommand(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    if (stdin && !texts.isEmpty()) {
      return fail("give either TEXT arguments or --stdin, not both");
    }
    if (!stdin && texts.isEmpty()) {
      return fail("no text: give TEXT arguments or --stdin (see --help)");
    }
    if (contextLength < 2) {
      return fail("--context-length must be at least 2, got " + contextLength);
    }
    ClipTokenizer tokenizer;
    try {
      tokenizer = load();
    } catch (NoSuchFileException | FileNotFoundException e) {
      return fail("cannot read the vocabulary: no such file or folder " + e.getMessage());
    } catch (IOException e) {
      return fail("cannot load the vocabulary: " + e.getMessage());
    }
    ObjectMapper json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    try {
      if (stdin) {
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lineNumber++;
          if (line.isBlank()) {
            continue;
          }
          String text;
          try {
            JsonNode node = json.readTree(line);
            if (!node.isTextual()) {
              writer.flush();
              return fail(notAJsonString(lineNumber, "found a JSON " + node.getNodeType()));
            }
            text = node.textValue();
          } catch (JsonProcessingException e) {
            writer.flush();
            return fail(notAJsonString(lineNumber, e.getOriginalMessage()));
          }
          print(json, writer, text, tokenizer.encode(text, contextLength));
        }
      } else {
        for (String text : texts) {
          print(json, writer, text, tokenizer.encode(text, contextLength));
        }
      }
      writer.flush();
    } catch (IOException e) {
      return fail("I/O error: " + e.getMessage());
    }
    return 0;
  }

  private static String notAJsonString(int lineNumber, String why) {
    return "standard input line "
        + lineNumber
        + " is not one JSON string (e.g. \"a photo\"): "
        + why;
  }

  private ClipTokenizer load() throws IOException {
    if (source.vocab != null) {
      if (!Files.isRegularFile(source.vocab)) {
        throw new NoSuchFileException(source.vocab.toString());
      }
      return ClipTokenizer.fromBpeGz(source.vocab);
    }
    Path dir = source.model.resolve("tokenizer");
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir + " (the model folder's tokenizer/)");
    }
    return ClipTokenizer.fromDirectory(dir);
  }

  private static void print(ObjectMapper json, Writer writer, String text, TokenizedText t)
      throws IOException {
    ObjectNode row = json.createObjectNode();
    row.put("text", text);
    ArrayNode ids = row.putArray("ids");
    for (int i = 0; i < t.contextLength(); i++) {
      ids.add(t.id(i));
    }
    row.put("n", t.length());
    row.put("truncated", t.truncated());
    writer.write(json.writeValueAsString(row));
    writer.write('\n');
  }

  private int fail(String message) {
    err.println("tokenize: " + message);
    return EXIT_BAD_INPUT;
  }
}
