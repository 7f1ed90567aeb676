package dev.clipstream.export;

import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.TextConfig;
import dev.clipstream.model.VisionConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every learnable tensor of a ViT CLIP, with OpenAI's key names, in state-dict order. */
public final class ClipParameters {
  private ClipParameters() {}

  /** The parameters {@code config} needs, as OpenAI's {@code clip.model.CLIP} names them. */
  public static List<ParameterSpec> of(ClipConfig config) {
    VisionConfig v = config.vision();
    TextConfig t = config.text();
    List<ParameterSpec> out = new ArrayList<>();
    out.add(spec("positional_embedding", t.contextLength(), t.width()));
    out.add(spec("text_projection", t.width(), config.embedDim()));
    out.add(spec("logit_scale"));
    out.add(spec("visual.class_embedding", v.width()));
    out.add(spec("visual.positional_embedding", v.tokens(), v.width()));
    out.add(spec("visual.proj", v.width(), config.embedDim()));
    out.add(spec("visual.conv1.weight", v.width(), 3, v.patchSize(), v.patchSize()));
    out.add(spec("visual.ln_pre.weight", v.width()));
    out.add(spec("visual.ln_pre.bias", v.width()));
    for (int i = 0; i < v.layers(); i++) {
      addBlock(out, "visual.transformer.resblocks." + i + ".", v.width(), v.mlpWidth());
    }
    out.add(spec("visual.ln_post.weight", v.width()));
    out.add(spec("visual.ln_post.bias", v.width()));
    for (int i = 0; i < t.layers(); i++) {
      addBlock(out, "transformer.resblocks." + i + ".", t.width(), t.mlpWidth());
    }
    out.add(spec("token_embedding.weight", t.vocabSize(), t.width()));
    out.add(spec("ln_final.weight", t.width()));
    out.add(spec("ln_final.bias", t.width()));
    return Collections.unmodifiableList(out);
  }

  /** Total number of scalars, e.g. 151,277,313 for ViT-B/32. */
  public static long count(ClipConfig config) {
    long n = 0;
    for (ParameterSpec p : of(config)) {
      n += p.size();
    }
    return n;
  }

  private static void addBlock(List<ParameterSpec> out, String prefix, int width, int mlp) {
    out.add(spec(prefix + "attn.in_proj_weight", 3L * width, width));
    out.add(spec(prefix + "attn.in_proj_bias", 3L * width));
    out.add(spec(prefix + "attn.out_proj.weight", width, width));
    out.add(spec(prefix + "attn.out_proj.bias", width));
    out.add(spec(prefix + "ln_1.weight", width));
    out.add(spec(prefix + "ln_1.bias", width));
    out.add(spec(prefix + "mlp.c_fc.weight", mlp, width));
    out.add(spec(prefix + "mlp.c_fc.bias", mlp));
    out.add(spec(prefix + "mlp.c_proj.weight", width, mlp));
    out.add(spec(prefix + "mlp.c_proj.bias", width));
    out.add(spec(prefix + "ln_2.weight", width));
    out.add(spec(prefix + "ln_2.bias", width));
  }

  private static ParameterSpec spec(String key, long... shape) {
    return new ParameterSpec(key, shape);
  }
}
