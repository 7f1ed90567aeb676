package dev.clipstream.export.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipstream.export.CheckpointException;
import dev.clipstream.export.SafeTensors;
import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.TextConfig;
import dev.clipstream.model.VisionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a checkpoint folder written by {@link CheckpointWriter}, including its tokenizer. */
public final class CheckpointReader {
  private CheckpointReader() {}

  /** The architecture from {@code config.json} (OpenAI constructor arguments + head counts). */
  public static ClipConfig config(Path dir) throws IOException {
    JsonNode root = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
    JsonNode a = root.path("clip_args");
    JsonNode d = root.path("derived");
    int visionWidth = required(a, "vision_width");
    int textWidth = required(a, "transformer_width");
    return new ClipConfig(
        required(a, "embed_dim"),
        new VisionConfig(
            visionWidth,
            required(a, "vision_layers"),
            a.path("vision_heads")
                .asInt(d.path("vision_heads").asInt(Math.max(1, visionWidth / 64))),
            required(a, "vision_patch_size"),
            required(a, "image_resolution"),
            d.path("vision_mlp_width").asInt(4 * visionWidth)),
        new TextConfig(
            textWidth,
            required(a, "transformer_layers"),
            required(a, "transformer_heads"),
            required(a, "context_length"),
            required(a, "vocab_size"),
            d.path("text_mlp_width").asInt(4 * textWidth)),
        d.path("layer_norm_eps").asDouble(ClipConfig.DEFAULT_LAYER_NORM_EPS));
  }

  private static int required(JsonNode node, String key) throws IOException {
    if (!node.path(key).canConvertToInt()) {
      throw new IOException("config.json lacks clip_args." + key);
    }
    return node.path(key).asInt();
  }

  /** Every tensor of the checkpoint's {@code model.safetensors}, as float32, in file order. */
  public static Map<String, WeightTensor> weights(Path dir) throws IOException {
    return read(dir.resolve("model.safetensors"));
  }

  /** Every tensor of a safetensors file as float32 (F32, F16 or BF16 stored), in file order. */
  public static Map<String, WeightTensor> read(Path file) throws IOException {
    try {
      SafeTensors tensors = SafeTensors.open(file);
      Map<String, WeightTensor> out = new LinkedHashMap<>();
      for (SafeTensors.Entry e : tensors.entries().values()) {
        out.put(e.name(), new WeightTensor(e.shape(), tensors.readFloats(e.name())));
      }
      return out;
    } catch (CheckpointException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The vocabulary from HF {@code vocab.json} + {@code merges.txt}. */
  public static BpeTrainer.Result vocabulary(Path vocabJson, Path mergesTxt) throws IOException {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    new ObjectMapper()
        .readTree(vocabJson.toFile())
        .fields()
        .forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
    List<String[]> merges = new ArrayList<>();
    for (String line : Files.readAllLines(mergesTxt)) {
      if (line.startsWith("#version") || line.isBlank()) {
        continue;
      }
      String[] parts = line.split(" ");
      if (parts.length != 2) {
        throw new IOException(mergesTxt + ": bad merge line '" + line + "'");
      }
      merges.add(parts);
    }
    return new BpeTrainer.Result(vocab, merges);
  }
}
