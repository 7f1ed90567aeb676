package dev.clipstream.export.train;

import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.TextConfig;
import dev.clipstream.model.VisionConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** OpenAI CLIP state-dict keys and shapes for a config, and OpenAI's random initialisation. */
public final class ClipWeights {
  /** ln(1/0.07), CLIP's initial temperature. */
  public static final float INITIAL_LOGIT_SCALE = (float) Math.log(1 / 0.07);

  private ClipWeights() {}

  /** Every key of the model and its shape, in a fixed order. */
  public static Map<String, long[]> shapes(ClipConfig c) {
    Map<String, long[]> s = new LinkedHashMap<>();
    VisionConfig v = c.vision();
    TextConfig t = c.text();
    s.put("visual.conv1.weight", new long[] {v.width(), 3, v.patchSize(), v.patchSize()});
    s.put("visual.class_embedding", new long[] {v.width()});
    s.put("visual.positional_embedding", new long[] {v.tokens(), v.width()});
    s.put("visual.ln_pre.weight", new long[] {v.width()});
    s.put("visual.ln_pre.bias", new long[] {v.width()});
    blocks(s, "visual.transformer", v.layers(), v.width(), v.mlpWidth());
    s.put("visual.ln_post.weight", new long[] {v.width()});
    s.put("visual.ln_post.bias", new long[] {v.width()});
    s.put("visual.proj", new long[] {v.width(), c.embedDim()});
    s.put("token_embedding.weight", new long[] {t.vocabSize(), t.width()});
    s.put("positional_embedding", new long[] {t.contextLength(), t.width()});
    blocks(s, "transformer", t.layers(), t.width(), t.mlpWidth());
    s.put("ln_final.weight", new long[] {t.width()});
    s.put("ln_final.bias", new long[] {t.width()});
    s.put("text_projection", new long[] {t.width(), c.embedDim()});
    s.put("logit_scale", new long[] {});
    return s;
  }

  private static void blocks(Map<String, long[]> s, String prefix, int layers, int width, int mlp) {
    for (int i = 0; i < layers; i++) {
      String b = prefix + ".resblocks." + i;
      s.put(b + ".ln_1.weight", new long[] {width});
      s.put(b + ".ln_1.bias", new long[] {width});
      s.put(b + ".attn.in_proj_weight", new long[] {3L * width, width});
      s.put(b + ".attn.in_proj_bias", new long[] {3L * width});
      s.put(b + ".attn.out_proj.weight", new long[] {width, width});
      s.put(b + ".attn.out_proj.bias", new long[] {width});
      s.put(b + ".ln_2.weight", new long[] {width});
      s.put(b + ".ln_2.bias", new long[] {width});
      s.put(b + ".mlp.c_fc.weight", new long[] {mlp, width});
      s.put(b + ".mlp.c_fc.bias", new long[] {mlp});
      s.put(b + ".mlp.c_proj.weight", new long[] {width, mlp});
      s.put(b + ".mlp.c_proj.bias", new long[] {width});
    }
  }

  /**
   * OpenAI's {@code initialize_parameters()}: normal embeddings, width-scaled attention and MLP
   * weights, LayerNorm gains 1 and biases 0, logit scale ln(1/0.07). Deterministic for a seed.
   */
  public static Map<String, WeightTensor> randomInit(ClipConfig c, long seed) {
    Random random = new Random(seed);
    Map<String, WeightTensor> out = new LinkedHashMap<>();
    VisionConfig v = c.vision();
    TextConfig t = c.text();
    for (Map.Entry<String, long[]> e : shapes(c).entrySet()) {
      String key = e.getKey();
      long[] shape = e.getValue();
      int n = 1;
      for (long d : shape) {
        n *= (int) d;
      }
      float[] data = new float[n];
      boolean visual = key.startsWith("visual.");
      int width = visual ? v.width() : t.width();
      int layers = visual ? v.layers() : t.layers();
      double attnStd = Math.pow(width, -0.5);
      double projStd = attnStd * Math.pow(2.0 * layers, -0.5);
      double fcStd = Math.pow(2.0 * width, -0.5);
      if (key.equals("logit_scale")) {
        data[0] = INITIAL_LOGIT_SCALE;
      } else if (key.endsWith("ln_1.weight")
          || key.endsWith("ln_2.weight")
          || key.endsWith("ln_pre.weight")
          || key.endsWith("ln_post.weight")
          || key.endsWith("ln_final.weight")) {
        java.util.Arrays.fill(data, 1f);
      } else if (key.endsWith("bias")) {
        // zeros
      } else if (key.equals("token_embedding.weight")) {
        normal(random, data, 0.02);
      } else if (key.equals("positional_embedding")) {
        normal(random, data, 0.01);
      } else if (key.equals("visual.conv1.weight")) {
        double bound = 1.0 / Math.sqrt(3.0 * v.patchSize() * v.patchSize());
        for (int i = 0; i < n; i++) {
          data[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
      } else if (key.startsWith("visual.") && !key.contains(".resblocks.")) {
        normal(random, data, attnStd); // class/positional embedding and proj: scale·randn
      } else if (key.endsWith("in_proj_weight")) {
        normal(random, data, attnStd);
      } else if (key.endsWith("out_proj.weight") || key.endsWith("c_proj.weight")) {
        normal(random, data, projStd);
      } else if (key.endsWith("c_fc.weight")) {
        normal(random, data, fcStd);
      } else if (key.equals("text_projection")) {
        normal(random, data, attnStd);
      } else {
        throw new IllegalStateException("no initialiser for " + key);
      }
      out.put(key, new WeightTensor(shape, data));
    }
    return out;
  }

  private static void normal(Random random, float[] data, double std) {
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (random.nextGaussian() * std);
    }
  }
}
