package dev.clipstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipstream.model.Embeddings;
import dev.clipstream.preprocess.ImageDecodeException;
import dev.clipstream.runtime.RuntimeOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code embed}: CLIP embeddings of image files and texts, one JSON line each. */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description = {
      "Print CLIP embeddings (unnormalised, as the model's projection outputs them) of images and"
          + " texts, one JSON line per input, images first then texts, each in the order given:",
      "  {\"type\": \"image\"|\"text\", \"input\": ..., \"embedding\": [D floats]}"
    },
    footer = {
      "",
      "Examples:",
      "  clip embed --model models/vit-b-32 --image cat.jpg --text \"a photo of a cat\"",
      "  clip embed --model /tmp/tiny --image a.png --image b.jpg --text one --text two",
      "",
      "Exit codes: 0 ok, 2 bad input (message on stderr)."
    })
public final class EmbedCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
  Path model;

  @Option(names = "--image", paramLabel = "FILE", description = "Image file (repeatable).")
  List<Path> images = new ArrayList<>();

  @Option(names = "--text", paramLabel = "STR", description = "Text (repeatable).")
  List<String> texts = new ArrayList<>();

  @Option(names = "--normalize", description = "Print L2-normalised embeddings instead.")
  boolean normalize;

  @Option(
      names = "--intra-op-threads",
      defaultValue = "0",
      description = "TensorFlow intra-op threads (0 = one per core).")
  int intraOpThreads;

  @Override
  public Integer call() {
    if (images.isEmpty() && texts.isEmpty()) {
      System.err.println("error: give at least one --image FILE or --text STR");
      return 2;
    }
    ObjectMapper json = new ObjectMapper();
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (LoadedModel m = new LoadedModel(model, new RuntimeOptions(intraOpThreads, 0))) {
      int d = m.manifest.embedDim();
      float[] imageEmb = m.embedImages(images);
      float[] textEmb = m.embedTexts(texts);
      for (int i = 0; i < images.size(); i++) {
        out.println(line(json, "image", images.get(i).toString(), Embeddings.row(imageEmb, i, d)));
      }
      for (int i = 0; i < texts.size(); i++) {
        out.println(line(json, "text", texts.get(i), Embeddings.row(textEmb, i, d)));
      }
      out.flush();
      return 0;
    } catch (IOException | ImageDecodeException | IllegalArgumentException e) {
      out.flush();
      System.err.println("error: " + e.getMessage());
      return 2;
    }
  }

  private String line(ObjectMapper json, String type, String input, float[] embedding)
      throws IOException {
    ObjectNode n = json.createObjectNode();
    n.put("type", type);
    n.put("input", input);
    var arr = n.putArray("embedding");
    for (float v : normalize ? Embeddings.normalized(embedding) : embedding) {
      arr.add(v);
    }
    return json.writeValueAsString(n);
  }
}
