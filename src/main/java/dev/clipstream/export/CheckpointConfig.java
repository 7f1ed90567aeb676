package dev.clipstream.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.TextConfig;
import dev.clipstream.model.VisionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads the architecture of a checkpoint: from Hugging Face's {@code config.json}, from an OpenAI
 * style {@code config.json} with {@code clip_args}, or, as a last resort, from tensor shapes. Head
 * counts cannot be seen in shapes: without a config they are assumed to be {@code width / 64}
 * (OpenAI's rule for its own models) and the assumption is reported.
 */
public final class CheckpointConfig {
  private CheckpointConfig() {}

  /**
   * The architecture of the checkpoint in {@code dir}.
   *
   * @param notes receives human-readable notes about assumptions made
   */
  public static ClipConfig read(Path dir, Checkpoint checkpoint, Consumer<String> notes)
      throws IOException, CheckpointException {
    try {
      return readUnchecked(dir, checkpoint, notes);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException("invalid architecture: " + e.getMessage(), e);
    }
  }

  private static ClipConfig readUnchecked(Path dir, Checkpoint checkpoint, Consumer<String> notes)
      throws IOException, CheckpointException {
    Path file = dir.resolve("config.json");
    if (Files.isRegularFile(file)) {
      JsonNode root;
      try {
        root = new ObjectMapper().readTree(file.toFile());
      } catch (IOException e) {
        throw new CheckpointException(file + " is not valid JSON: " + e.getMessage(), e);
      }
      if (root.has("clip_args")) {
        return fromOpenAi(root.get("clip_args"), file);
      }
      if (root.has("vision_config") || root.has("text_config")) {
        return fromHuggingFace(root, file);
      }
      throw new CheckpointException(
          file + ": neither a Hugging Face CLIPConfig (vision_config) nor OpenAI clip_args");
    }
    return inferFromShapes(checkpoint, notes);
  }

  /** OpenAI's {@code CLIP(...)} constructor arguments. */
  static ClipConfig fromOpenAi(JsonNode a, Path file) throws CheckpointException {
    if (a.has("vision_layers") && a.get("vision_layers").isArray()) {
      throw new CheckpointException(
          "ResNet CLIP is not supported (" + file + " has vision_layers as a list)");
    }
    int visionWidth = req(a, "vision_width", file);
    int textWidth = req(a, "transformer_width", file);
    int visionHeads = a.has("vision_heads") ? a.get("vision_heads").asInt() : visionWidth / 64;
    return build(
        req(a, "embed_dim", file),
        new VisionConfig(
            visionWidth,
            req(a, "vision_layers", file),
            visionHeads,
            req(a, "vision_patch_size", file),
            req(a, "image_resolution", file),
            4 * visionWidth),
        new TextConfig(
            textWidth,
            req(a, "transformer_layers", file),
            req(a, "transformer_heads", file),
            req(a, "context_length", file),
            req(a, "vocab_size", file),
            4 * textWidth),
        ClipConfig.DEFAULT_LAYER_NORM_EPS);
  }

  /**
   * Hugging Face {@code CLIPConfig}. Fields left out take transformers' defaults (those of
   * openai/clip-vit-base-patch32); old configs keep overrides in {@code *_config_dict}.
   */
  static ClipConfig fromHuggingFace(JsonNode root, Path file) throws CheckpointException {
    JsonNode t = merged(root, "text_config");
    JsonNode v = merged(root, "vision_config");
    for (JsonNode c : new JsonNode[] {t, v}) {
      String act = c.path("hidden_act").asText("quick_gelu");
      if (!act.equals("quick_gelu")) {
        throw new CheckpointException(
            "unsupported architecture: hidden_act '"
                + act
                + "' in "
                + file
                + " (only quick_gelu, as in OpenAI CLIP)");
      }
    }
    double eps = v.path("layer_norm_eps").asDouble(1e-5);
    if (t.path("layer_norm_eps").asDouble(1e-5) != eps) {
      throw new CheckpointException(file + ": text and vision layer_norm_eps differ");
    }
    int projection = root.path("projection_dim").asInt(512);
    return build(
        projection,
        new VisionConfig(
            v.path("hidden_size").asInt(768),
            v.path("num_hidden_layers").asInt(12),
            v.path("num_attention_heads").asInt(12),
            v.path("patch_size").asInt(32),
            v.path("image_size").asInt(224),
            v.path("intermediate_size").asInt(3072)),
        new TextConfig(
            t.path("hidden_size").asInt(512),
            t.path("num_hidden_layers").asInt(12),
            t.path("num_attention_heads").asInt(8),
            t.path("max_position_embeddings").asInt(77),
            t.path("vocab_size").asInt(49408),
            t.path("intermediate_size").asInt(2048)),
        eps);
  }

  private static JsonNode merged(JsonNode root, String name) {
    ObjectNode out = new ObjectMapper().createObjectNode();
    if (root.get(name) instanceof ObjectNode o) {
      out.setAll(o);
    }
    if (root.get(name + "_dict") instanceof ObjectNode o) {
      out.setAll(o);
    }
    return out;
  }

  /** Last resort: every size from tensor shapes, heads = width / 64. */
  static ClipConfig inferFromShapes(Checkpoint c, Consumer<String> notes)
      throws CheckpointException {
    long[] conv = need(c, "visual.conv1.weight");
    long[] vPos = need(c, "visual.positional_embedding");
    long[] tPos = need(c, "positional_embedding");
    long[] tok = need(c, "token_embedding.weight");
    long[] tProj = need(c, "text_projection");
    int visionWidth = (int) conv[0];
    int patch = (int) conv[2];
    int grid = (int) Math.round(Math.sqrt(vPos[0] - 1));
    int textWidth = (int) tPos[1];
    int visionHeads = visionWidth / 64;
    int textHeads = textWidth / 64;
    if (visionHeads == 0 || textHeads == 0) {
      throw new CheckpointException(
          "no config.json, and head counts cannot be inferred from shapes (width "
              + Math.min(visionWidth, textWidth)
              + " < 64); put a Hugging Face or OpenAI config.json beside the checkpoint");
    }
    notes.accept(
        "no config.json: inferred the architecture from tensor shapes and ASSUMED heads = width/64"
            + " (vision "
            + visionHeads
            + ", text "
            + textHeads
            + "), OpenAI's rule; wrong for models trained otherwise");
    return build(
        (int) tProj[1],
        new VisionConfig(
            visionWidth,
            countLayers(c, "visual.transformer.resblocks."),
            visionHeads,
            patch,
            grid * patch,
            (int) need(c, "visual.transformer.resblocks.0.mlp.c_fc.weight")[0]),
        new TextConfig(
            textWidth,
            countLayers(c, "transformer.resblocks."),
            textHeads,
            (int) tPos[0],
            (int) tok[0],
            (int) need(c, "transformer.resblocks.0.mlp.c_fc.weight")[0]),
        ClipConfig.DEFAULT_LAYER_NORM_EPS);
  }

  private static int countLayers(Checkpoint c, String prefix) {
    int n = 0;
    while (c.tensors().containsKey(prefix + n + ".ln_1.weight")) {
      n++;
    }
    return n;
  }

  private static long[] need(Checkpoint c, String key) throws CheckpointException {
    long[] s = c.shapeOf(key);
    if (s == null) {
      throw new CheckpointException("missing key '" + key + "' (needed to infer the architecture)");
    }
    return s;
  }

  private static int req(JsonNode node, String field, Path file) throws CheckpointException {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToInt()) {
      throw new CheckpointException(
          file + ": clip_args." + field + " is missing or not an integer");
    }
    return v.asInt();
  }

  private static ClipConfig build(int embed, VisionConfig v, TextConfig t, double eps) {
    return new ClipConfig(embed, v, t, eps);
  }
}
