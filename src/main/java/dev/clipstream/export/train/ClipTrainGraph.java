package dev.clipstream.export.train;

import dev.clipstream.export.TransformerBlocks;
import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.TextConfig;
import dev.clipstream.model.VisionConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * CLIP's ViT architecture as a trainable TF graph, written like OpenAI's {@code model.py}: one
 * method per module, named after the checkpoint key prefix it reads. Every weight is a TF Variable
 * named after its OpenAI state-dict key, so trained values map one to one onto a checkpoint.
 *
 * <p>Only ops with registered gradients are used (MatMul, BatchMatMul, GatherV2, Softmax, Sigmoid,
 * Rsqrt, Mean, Reshape, Transpose, ConcatV2, StridedSlice, Unpack). The transformer stacks are the
 * serving graph's own {@link TransformerBlocks}; only the stems differ from {@link
 * dev.clipstream.export.ClipModel}: the patch embedding is written as reshape + transpose + MatMul,
 * which equals OpenAI's stride-P convolution without bias, the class token is broadcast by
 * arithmetic rather than BroadcastTo, and texts may be shorter than the context length.
 */
public final class ClipTrainGraph {
  private final Ops tf;
  private final ClipConfig config;
  private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
  private final TransformerBlocks blocks;

  /**
   * Declares every weight of the config as a variable (values are assigned later).
   *
   * @param tf ops of the graph to build in
   * @param config architecture
   */
  public ClipTrainGraph(Ops tf, ClipConfig config) {
    this.tf = tf;
    this.config = config;
    for (Map.Entry<String, long[]> e : ClipWeights.shapes(config).entrySet()) {
      variables.put(
          e.getKey(), tf.withName(e.getKey()).variable(Shape.of(e.getValue()), TFloat32.class));
    }
    this.blocks = new TransformerBlocks(tf, variables::get, config.layerNormEps());
  }

  /** Variables by OpenAI key, in a fixed order. */
  public Map<String, Variable<TFloat32>> variables() {
    return variables;
  }

  public ClipConfig config() {
    return config;
  }

  private Operand<TFloat32> w(String key) {
    Variable<TFloat32> v = variables.get(key);
    if (v == null) {
      throw new IllegalStateException("no weight " + key);
    }
    return v;
  }

  /** {@code pixels} [B,3,R,R] → unnormalised image embeddings [B,D]. */
  public Operand<TFloat32> encodeImage(Operand<TFloat32> pixels) {
    VisionConfig v = config.vision();
    int g = v.grid();
    int p = v.patchSize();
    int width = v.width();
    // [B,3,G,P,G,P]
    Operand<TFloat32> x = tf.reshape(pixels, tf.constant(new int[] {-1, 3, g, p, g, p}));
    // [B,G,G,3,P,P]: patches in row-major grid order, each flattened like conv1's (c, kh, kw)
    x = tf.linalg.transpose(x, tf.constant(new int[] {0, 2, 4, 1, 3, 5}));
    // [B*G*G, 3*P*P]
    x = tf.reshape(x, tf.constant(new int[] {-1, 3 * p * p}));
    // conv1.weight [W,3,P,P] → [W, 3*P*P]
    Operand<TFloat32> kernel =
        tf.reshape(w("visual.conv1.weight"), tf.constant(new int[] {width, 3 * p * p}));
    x = tf.linalg.matMul(x, kernel, MatMul.transposeB(true));
    // [B, G*G, W]
    x = tf.reshape(x, tf.constant(new int[] {-1, g * g, width}));
    // class token: [B,1,W] built as 0·(first patch) + class_embedding so that B stays dynamic
    Operand<TFloat32> first = tf.stridedSlice(x, Indices.all(), Indices.slice(0, 1), Indices.all());
    Operand<TFloat32> cls =
        tf.math.add(tf.math.mul(first, tf.constant(0f)), w("visual.class_embedding"));
    // [B, G*G+1, W]
    x = tf.concat(List.of(cls, x), tf.constant(1));
    x = tf.math.add(x, w("visual.positional_embedding"));
    // [B*(G*G+1), W]: the shared blocks' 2-D residual stream
    x = tf.reshape(x, tf.constant(new int[] {-1, width}));
    x = blocks.layerNorm(x, "visual.ln_pre");
    x = blocks.transformer(x, "visual.transformer", v.layers(), v.heads(), v.tokens(), width, null);
    x = tf.reshape(x, tf.constant(new int[] {-1, v.tokens(), width}));
    // [B, W]: the class token
    Operand<TFloat32> pooled =
        tf.reshape(
            tf.stridedSlice(x, Indices.all(), Indices.slice(0, 1), Indices.all()),
            tf.constant(new int[] {-1, width}));
    pooled = blocks.layerNorm(pooled, "visual.ln_post");
    return tf.linalg.matMul(pooled, w("visual.proj"));
  }

  /**
   * {@code ids} [B,T] (T ≤ context length) → unnormalised text embeddings [B,D]. Because the mask
   * is causal and pooling reads the end-of-text position, a T shorter than the context length gives
   * the same embeddings as zero-padding to it, for any text of at most T tokens.
   */
  public Operand<TFloat32> encodeText(Operand<TInt32> ids, int tokens) {
    TextConfig t = config.text();
    if (tokens < 2 || tokens > t.contextLength()) {
      throw new IllegalArgumentException(
          "tokens must be in [2," + t.contextLength() + "], got " + tokens);
    }
    int width = t.width();
    // [B,T,W] via GatherV2, which has a gradient (legacy Gather has none)
    Operand<TFloat32> x = tf.gather(w("token_embedding.weight"), ids, tf.constant(0));
    Operand<TFloat32> pos =
        tf.stridedSlice(w("positional_embedding"), Indices.slice(0, tokens), Indices.all());
    x = tf.math.add(x, pos);
    x = tf.reshape(x, tf.constant(new int[] {-1, width})); // [B*T, W]
    Operand<TFloat32> mask = tf.constant(causalMask(tokens));
    x = blocks.transformer(x, "transformer", t.layers(), t.heads(), tokens, width, mask);
    x = blocks.layerNorm(x, "ln_final");
    x = tf.reshape(x, tf.constant(new int[] {-1, tokens, width})); // [B, T, W]
    // pool at the end-of-text token, the largest id: one-hot [B,1,T] × [B,T,W] → [B,1,W]
    Operand<TInt64> eot = tf.math.argMax(ids, tf.constant(1));
    Operand<TFloat32> select =
        tf.reshape(
            tf.oneHot(eot, tf.constant(tokens), tf.constant(1f), tf.constant(0f)),
            tf.constant(new int[] {-1, 1, tokens}));
    Operand<TFloat32> pooled =
        tf.reshape(
            tf.train.batchMatMul(select, x, TFloat32.class), tf.constant(new int[] {-1, width}));
    return tf.linalg.matMul(pooled, w("text_projection"));
  }

  /** The raw (log) temperature, {@code logit_scale}. */
  public Operand<TFloat32> logitScale() {
    return w("logit_scale");
  }

  /** [T,T]: 0 on and below the diagonal, a large negative number above (future tokens). */
  static float[][] causalMask(int tokens) {
    float[][] mask = new float[tokens][tokens];
    for (int i = 0; i < tokens; i++) {
      Arrays.fill(mask[i], i + 1, tokens, -1e9f);
    }
    return mask;
  }
}
