package dev.clipstream.export;

import dev.clipstream.model.ClipConfig;
import java.util.SplittableRandom;

/**
 * Random weights drawn like OpenAI's {@code CLIP.initialize_parameters()}: normal with per-tensor
 * standard deviations (attention {@code width^-0.5}, residual projections scaled by {@code
 * (2·layers)^-0.5}, embeddings 0.02 / 0.01), LayerNorm weights 1, biases 0 and {@code logit_scale =
 * ln(1/0.07)}. Each tensor has its own seed derived from the key, so the values do not depend on
 * the order tensors are read in.
 */
public final class RandomWeights implements WeightSource {
  private final ClipConfig config;
  private final long seed;

  public RandomWeights(ClipConfig config, long seed) {
    this.config = config;
    this.seed = seed;
  }

  @Override
  public float[] read(ParameterSpec spec) {
    String key = spec.key();
    float[] out = new float[Math.toIntExact(spec.size())];
    if (key.equals("logit_scale")) {
      out[0] = (float) Math.log(1 / 0.07);
      return out;
    }
    if (key.contains(".ln_") || key.startsWith("ln_")) {
      if (key.endsWith(".weight")) {
        java.util.Arrays.fill(out, 1f);
      }
      return out;
    }
    if (key.endsWith("bias")) {
      return out;
    }
    double std = std(key);
    SplittableRandom rnd = new SplittableRandom(seed ^ (key.hashCode() * 0x9E3779B97F4A7C15L));
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (gaussian(rnd) * std);
    }
    return out;
  }

  private double std(String key) {
    boolean visual = key.startsWith("visual.");
    int width = visual ? config.vision().width() : config.text().width();
    int layers = visual ? config.vision().layers() : config.text().layers();
    double attnStd = Math.pow(width, -0.5);
    double projStd = attnStd * Math.pow(2.0 * layers, -0.5);
    double fcStd = Math.pow(2.0 * width, -0.5);
    if (key.endsWith("attn.in_proj_weight")) {
      return attnStd;
    }
    if (key.endsWith("attn.out_proj.weight") || key.endsWith("mlp.c_proj.weight")) {
      return projStd;
    }
    if (key.endsWith("mlp.c_fc.weight")) {
      return fcStd;
    }
    return switch (key) {
      case "token_embedding.weight" -> 0.02;
      case "positional_embedding" -> 0.01;
      case "text_projection" -> Math.pow(config.text().width(), -0.5);
      case "visual.conv1.weight" ->
          Math.pow(3.0 * config.vision().patchSize() * config.vision().patchSize(), -0.5);
      default -> attnStd; // visual.class_embedding, visual.positional_embedding, visual.proj
    };
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  @Override
  public String describe() {
    return "random initialisation (seed " + seed + ")";
  }
}
