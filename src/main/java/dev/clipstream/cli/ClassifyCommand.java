package dev.clipstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipstream.model.Embeddings;
import dev.clipstream.preprocess.ImageDecodeException;
import dev.clipstream.runtime.RuntimeOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code classify}: CLIP zero-shot classification of images over text labels. */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description = {
      "Zero-shot classification: for each image print one JSON line",
      "  {\"image\": FILE, \"labels\": [{\"label\", \"probability\", \"cosine\", \"logit\"}, ...]}",
      "sorted by probability. probability = softmax over labels of exp(logit_scale) * cosine"
          + " (CLIP's logits_per_image.softmax(dim=1)). Each label is put into every --template"
          + " ({} = the label); with several templates the normalised text embeddings are"
          + " averaged and re-normalised (CLIP's prompt ensembling)."
    },
    footer = {
      "",
      "Examples:",
      "  clip classify --model models/vit-b-32 --image cat.jpg --label cat --label dog",
      "  clip classify --model models/vit-b-32 --image cat.jpg --label cat \\",
      "      --label dog --template \"a photo of a {}.\" --template \"a sketch of a {}.\"",
      "  clip classify --model models/vit-b-32 --image coco.jpg --template \"{}\" \\",
      "      --label \"a photo of a cat\" --label \"a photo of a dog\"",
      "",
      "Exit codes: 0 ok, 2 bad input (message on stderr)."
    })
public final class ClassifyCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
  Path model;

  @Option(
      names = "--image",
      required = true,
      paramLabel = "FILE",
      description = "Image file (repeatable).")
  List<Path> images = new ArrayList<>();

  @Option(
      names = "--label",
      required = true,
      paramLabel = "TEXT",
      description = "Candidate label (repeatable).")
  List<String> labels = new ArrayList<>();

  @Option(
      names = "--template",
      paramLabel = "T",
      description =
          "Prompt template with {} for the label (repeatable; default \"a photo of a {}\").")
  List<String> templates = new ArrayList<>();

  @Option(
      names = "--intra-op-threads",
      defaultValue = "0",
      description = "TensorFlow intra-op threads (0 = one per core).")
  int intraOpThreads;

  @Override
  public Integer call() {
    List<String> tmpl = templates.isEmpty() ? List.of("a photo of a {}") : templates;
    for (String t : tmpl) {
      if (!t.contains("{}")) {
        System.err.println("error: --template \"" + t + "\" has no {} for the label");
        return 2;
      }
    }
    ObjectMapper json = new ObjectMapper();
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (LoadedModel m = new LoadedModel(model, new RuntimeOptions(intraOpThreads, 0))) {
      int d = m.manifest.embedDim();
      float[][] labelEmb = labelEmbeddings(m, tmpl, d);
      float[] imageEmb = m.embedImages(images);
      double scale = Math.exp(m.manifest.logitScale());
      for (int i = 0; i < images.size(); i++) {
        float[] img = Embeddings.normalized(Embeddings.row(imageEmb, i, d));
        out.println(
            json.writeValueAsString(row(json, images.get(i).toString(), img, labelEmb, scale)));
      }
      out.flush();
      return 0;
    } catch (IOException | ImageDecodeException | IllegalArgumentException e) {
      out.flush();
      System.err.println("error: " + e.getMessage());
      return 2;
    }
  }

  /** Per label: mean of its normalised template embeddings, re-normalised. */
  private float[][] labelEmbeddings(LoadedModel m, List<String> tmpl, int d) throws IOException {
    List<String> prompts = new ArrayList<>();
    for (String label : labels) {
      for (String t : tmpl) {
        prompts.add(t.replace("{}", label));
      }
    }
    float[] emb = m.embedTexts(prompts);
    float[][] out = new float[labels.size()][];
    for (int l = 0; l < labels.size(); l++) {
      float[] sum = new float[d];
      for (int t = 0; t < tmpl.size(); t++) {
        float[] e = Embeddings.normalized(Embeddings.row(emb, l * tmpl.size() + t, d));
        for (int k = 0; k < d; k++) {
          sum[k] += e[k];
        }
      }
      out[l] = Embeddings.normalized(sum);
    }
    return out;
  }

  private ObjectNode row(
      ObjectMapper json, String image, float[] img, float[][] labelEmb, double scale) {
    int n = labelEmb.length;
    double[] cos = new double[n];
    double[] logit = new double[n];
    double max = Double.NEGATIVE_INFINITY;
    for (int l = 0; l < n; l++) {
      cos[l] = Embeddings.dot(img, labelEmb[l]);
      logit[l] = scale * cos[l];
      max = Math.max(max, logit[l]);
    }
    double sum = 0;
    for (int l = 0; l < n; l++) {
      sum += Math.exp(logit[l] - max);
    }
    List<Integer> order = new ArrayList<>();
    for (int l = 0; l < n; l++) {
      order.add(l);
    }
    order.sort(Comparator.comparingDouble((Integer l) -> -logit[l]));
    ObjectNode r = json.createObjectNode();
    r.put("image", image);
    ArrayNode arr = r.putArray("labels");
    for (int l : order) {
      ObjectNode o = arr.addObject();
      o.put("label", labels.get(l));
      o.put("probability", Math.exp(logit[l] - max) / sum);
      o.put("cosine", cos[l]);
      o.put("logit", logit[l]);
    }
    return r;
  }
}
