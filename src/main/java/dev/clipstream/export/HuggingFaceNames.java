package dev.clipstream.export;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Hugging Face {@code CLIPModel} key names to OpenAI's, following transformers' {@code
 * convert_clip_original_pytorch_to_hf.py} in reverse: q/k/v projections are concatenated into
 * {@code in_proj}, and the two output projections are transposed (HF stores them as {@code Linear}
 * weights {@code [embed, width]}, OpenAI as matrices {@code [width, embed]} used as {@code x @
 * proj}).
 */
final class HuggingFaceNames {
  private HuggingFaceNames() {}

  private static final Map<String, String> FIXED = new LinkedHashMap<>();

  static {
    FIXED.put("text_model.embeddings.token_embedding.weight", "token_embedding.weight");
    FIXED.put("text_model.embeddings.position_embedding.weight", "positional_embedding");
    FIXED.put("text_model.final_layer_norm.weight", "ln_final.weight");
    FIXED.put("text_model.final_layer_norm.bias", "ln_final.bias");
    FIXED.put("vision_model.embeddings.patch_embedding.weight", "visual.conv1.weight");
    FIXED.put("vision_model.embeddings.class_embedding", "visual.class_embedding");
    FIXED.put("vision_model.embeddings.position_embedding.weight", "visual.positional_embedding");
    FIXED.put("vision_model.pre_layrnorm.weight", "visual.ln_pre.weight");
    FIXED.put("vision_model.pre_layrnorm.bias", "visual.ln_pre.bias");
    FIXED.put("vision_model.post_layernorm.weight", "visual.ln_post.weight");
    FIXED.put("vision_model.post_layernorm.bias", "visual.ln_post.bias");
    FIXED.put("logit_scale", "logit_scale");
  }

  /** HF Linear weights [embed, width] that OpenAI stores transposed, as [width, embed]. */
  private static final Map<String, String> TRANSPOSED =
      Map.of(
          "text_projection.weight", "text_projection",
          "visual_projection.weight", "visual.proj");

  private static final Pattern LAYER =
      Pattern.compile("^(text_model|vision_model)\\.encoder\\.layers\\.(\\d+)\\.(.+)$");
  private static final Pattern QKV = Pattern.compile("^self_attn\\.([qkv])_proj\\.(weight|bias)$");

  private static final Map<String, String> BLOCK =
      Map.of(
          "self_attn.out_proj.", "attn.out_proj.",
          "layer_norm1.", "ln_1.",
          "layer_norm2.", "ln_2.",
          "mlp.fc1.", "mlp.c_fc.",
          "mlp.fc2.", "mlp.c_proj.");

  /**
   * Renames a HF checkpoint's tensors to OpenAI keys. Keys it does not know keep their HF name, so
   * that the architecture check reports them as unexpected.
   */
  static Map<String, Checkpoint.LazyTensor> toOpenAi(
      Map<String, Checkpoint.LazyTensor> hf, String source) throws CheckpointException {
    Map<String, Checkpoint.LazyTensor> out = new LinkedHashMap<>();
    // in_proj key -> the three HF names q, k, v
    Map<String, String[]> qkvGroups = new LinkedHashMap<>();
    for (Map.Entry<String, Checkpoint.LazyTensor> e : hf.entrySet()) {
      String key = e.getKey();
      if (FIXED.containsKey(key)) {
        out.put(FIXED.get(key), e.getValue());
        continue;
      }
      if (TRANSPOSED.containsKey(key)) {
        out.put(TRANSPOSED.get(key), transposed(e.getValue()));
        continue;
      }
      Matcher m = LAYER.matcher(key);
      if (m.matches()) {
        String prefix = blockPrefix(m.group(1), m.group(2));
        String rest = m.group(3);
        Matcher q = QKV.matcher(rest);
        if (q.matches()) {
          String target = prefix + "attn.in_proj_" + q.group(2);
          String[] group = qkvGroups.computeIfAbsent(target, k -> new String[3]);
          group["qkv".indexOf(q.group(1))] = key;
          continue;
        }
        String renamed = renameInBlock(rest);
        if (renamed != null) {
          out.put(prefix + renamed, e.getValue());
          continue;
        }
      }
      out.put(key, e.getValue());
    }
    for (Map.Entry<String, String[]> g : qkvGroups.entrySet()) {
      String[] names = g.getValue();
      Checkpoint.LazyTensor[] parts = new Checkpoint.LazyTensor[3];
      for (int i = 0; i < 3; i++) {
        if (names[i] == null) {
          String any = names[0] != null ? names[0] : names[1] != null ? names[1] : names[2];
          String missing = any.replaceFirst("\\.[qkv]_proj\\.", "." + "qkv".charAt(i) + "_proj.");
          throw new CheckpointException("missing key '" + missing + "' in " + source);
        }
        parts[i] = hf.get(names[i]);
      }
      out.put(g.getKey(), concatRows(parts, names));
    }
    return out;
  }

  private static String blockPrefix(String tower, String layer) {
    return (tower.equals("text_model") ? "" : "visual.") + "transformer.resblocks." + layer + ".";
  }

  private static String renameInBlock(String rest) {
    for (Map.Entry<String, String> b : BLOCK.entrySet()) {
      if (rest.startsWith(b.getKey())) {
        return b.getValue() + rest.substring(b.getKey().length());
      }
    }
    return null;
  }

  /** The HF name(s) of an OpenAI key, for error messages. */
  static String hfNameOf(String openAiKey) {
    for (Map.Entry<String, String> e : FIXED.entrySet()) {
      if (e.getValue().equals(openAiKey)) {
        return e.getKey();
      }
    }
    for (Map.Entry<String, String> e : TRANSPOSED.entrySet()) {
      if (e.getValue().equals(openAiKey)) {
        return e.getKey() + ", transposed";
      }
    }
    Matcher m =
        Pattern.compile("^(visual\\.)?transformer\\.resblocks\\.(\\d+)\\.(.+)$").matcher(openAiKey);
    if (m.matches()) {
      String prefix =
          (m.group(1) == null ? "text_model" : "vision_model")
              + ".encoder.layers."
              + m.group(2)
              + ".";
      String rest = m.group(3);
      if (rest.startsWith("attn.in_proj_")) {
        return prefix + "self_attn.{q,k,v}_proj." + rest.substring("attn.in_proj_".length());
      }
      for (Map.Entry<String, String> b : BLOCK.entrySet()) {
        if (rest.startsWith(b.getValue())) {
          return prefix + b.getKey() + rest.substring(b.getValue().length());
        }
      }
    }
    return openAiKey;
  }

  private static Checkpoint.LazyTensor transposed(Checkpoint.LazyTensor t) {
    return new Checkpoint.LazyTensor() {
      @Override
      public long[] shape() {
        long[] s = t.shape();
        return s.length == 2 ? new long[] {s[1], s[0]} : s;
      }

      @Override
      public float[] read() throws IOException, CheckpointException {
        long[] s = t.shape();
        if (s.length != 2) {
          throw new CheckpointException(
              "'" + t.origin() + "' must be a matrix, has shape " + java.util.Arrays.toString(s));
        }
        float[] in = t.read();
        int rows = (int) s[0];
        int cols = (int) s[1];
        float[] out = new float[in.length];
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < cols; c++) {
            out[c * rows + r] = in[r * cols + c];
          }
        }
        return out;
      }

      @Override
      public String origin() {
        return t.origin() + " (transposed)";
      }
    };
  }

  private static Checkpoint.LazyTensor concatRows(Checkpoint.LazyTensor[] parts, String[] names)
      throws CheckpointException {
    long[] s0 = parts[0].shape();
    for (int i = 1; i < 3; i++) {
      if (!java.util.Arrays.equals(parts[i].shape(), s0)) {
        throw new CheckpointException(
            "shape mismatch: '"
                + names[i]
                + "' has "
                + java.util.Arrays.toString(parts[i].shape())
                + " but '"
                + names[0]
                + "' has "
                + java.util.Arrays.toString(s0));
      }
    }
    return new Checkpoint.LazyTensor() {
      @Override
      public long[] shape() {
        long[] s = s0.clone();
        if (s.length > 0) {
          s[0] *= 3;
        }
        return s;
      }

      @Override
      public float[] read() throws IOException, CheckpointException {
        float[] q = parts[0].read();
        float[] k = parts[1].read();
        float[] v = parts[2].read();
        float[] out = new float[q.length * 3];
        System.arraycopy(q, 0, out, 0, q.length);
        System.arraycopy(k, 0, out, q.length, k.length);
        System.arraycopy(v, 0, out, 2 * q.length, v.length);
        return out;
      }

      @Override
      public String origin() {
        return names[0] + " + " + names[1] + " + " + names[2];
      }
    };
  }
}
