package dev.clipstream.export.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipstream.model.ClipConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes trained weights as an OpenAI-keyed checkpoint folder, the input format of {@code export
 * --checkpoint}: {@code model.safetensors} (OpenAI state-dict names, F32) and {@code config.json}
 * with OpenAI's constructor arguments plus the head counts, which cannot be inferred from shapes.
 */
public final class CheckpointWriter {
  private CheckpointWriter() {}

  public static void write(Path dir, ClipConfig config, Map<String, WeightTensor> weights)
      throws IOException {
    Files.createDirectories(dir);
    SafetensorsWriter.write(dir.resolve("model.safetensors"), weights);
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put(
        "description",
        "Constructor arguments of OpenAI's clip.model.CLIP (ViT variant) for a model trained by"
            + " clipstream's train command; head counts are in 'derived'.");
    ObjectNode args = root.putObject("clip_args");
    args.put("embed_dim", config.embedDim());
    args.put("image_resolution", config.vision().imageResolution());
    args.put("vision_layers", config.vision().layers());
    args.put("vision_width", config.vision().width());
    args.put("vision_patch_size", config.vision().patchSize());
    args.put("context_length", config.text().contextLength());
    args.put("vocab_size", config.text().vocabSize());
    args.put("transformer_width", config.text().width());
    args.put("transformer_heads", config.text().heads());
    args.put("transformer_layers", config.text().layers());
    // Not an OpenAI constructor argument (OpenAI derives width // 64), but our exporter reads it
    // here, and a trained model's head count must never be guessed.
    args.put("vision_heads", config.vision().heads());
    ObjectNode derived = root.putObject("derived");
    derived.put("vision_heads", config.vision().heads());
    derived.put("vision_grid", config.vision().grid());
    derived.put("vision_tokens", config.vision().tokens());
    derived.put("text_mlp_width", config.text().mlpWidth());
    derived.put("vision_mlp_width", config.vision().mlpWidth());
    derived.put("activation", "quick_gelu: x * sigmoid(1.702 * x)");
    derived.put("layer_norm_eps", config.layerNormEps());
    derived.put("logit_scale", weights.get("logit_scale").data()[0]);
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), root);
  }
}
