package dev.clipstream.export.train;

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
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * CLIP's ViT architecture as a trainable TF graph, written like OpenAI's {@code model.py}: one
 * method per module, named after the checkpoint key prefix it reads. Every weight is a TF Variable
 * named after its OpenAI state-dict key, so trained values map one to one onto a checkpoint.
 *
 * <p>Only ops with registered gradients are used (MatMul, BatchMatMul, GatherV2, Softmax, Sigmoid,
 * Rsqrt, Mean, Reshape, Transpose, ConcatV2, StridedSlice, Unpack). The patch embedding is written
 * as reshape + transpose + MatMul, which equals OpenAI's stride-P convolution without bias.
 */
public final class ClipTrainGraph {
  private final Ops tf;
  private final ClipConfig config;
  private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
  private final Map<String, long[]> shapes;

  /**
   * Declares every weight of the config as a variable (values are assigned later).
   *
   * @param tf ops of the graph to build in
   * @param config architecture
   */
  public ClipTrainGraph(Ops tf, ClipConfig config) {
    this.tf = tf;
    this.config = config;
    this.shapes = ClipWeights.shapes(config);
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      variables.put(
          e.getKey(), tf.withName(e.getKey()).variable(Shape.of(e.getValue()), TFloat32.class));
    }
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
    x = layerNorm(x, "visual.ln_pre");
    x = transformer(x, "visual.transformer", v.layers(), v.heads(), width, v.tokens(), false);
    // [B, W]: the class token
    Operand<TFloat32> pooled =
        tf.reshape(
            tf.stridedSlice(x, Indices.all(), Indices.slice(0, 1), Indices.all()),
            tf.constant(new int[] {-1, width}));
    pooled = layerNorm(pooled, "visual.ln_post");
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
    x = transformer(x, "transformer", t.layers(), t.heads(), width, tokens, true);
    x = layerNorm(x, "ln_final");
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

  private Operand<TFloat32> transformer(
      Operand<TFloat32> x,
      String prefix,
      int layers,
      int heads,
      int width,
      int tokens,
      boolean causal) {
    for (int i = 0; i < layers; i++) {
      x = residualBlock(x, prefix + ".resblocks." + i, heads, width, tokens, causal);
    }
    return x;
  }

  private Operand<TFloat32> residualBlock(
      Operand<TFloat32> x, String prefix, int heads, int width, int tokens, boolean causal) {
    x =
        tf.math.add(
            x,
            attention(
                layerNorm(x, prefix + ".ln_1"), prefix + ".attn", heads, width, tokens, causal));
    return tf.math.add(x, mlp(layerNorm(x, prefix + ".ln_2"), prefix + ".mlp", width));
  }

  private Operand<TFloat32> attention(
      Operand<TFloat32> x, String prefix, int heads, int width, int tokens, boolean causal) {
    int headDim = width / heads;
    // [B*T, 3W]
    Operand<TFloat32> qkv =
        linear(
            tf.reshape(x, tf.constant(new int[] {-1, width})),
            prefix + ".in_proj_weight",
            prefix + ".in_proj_bias");
    // [B,T,3,H,Dh] → [3,B,H,T,Dh]
    qkv = tf.reshape(qkv, tf.constant(new int[] {-1, tokens, 3, heads, headDim}));
    qkv = tf.linalg.transpose(qkv, tf.constant(new int[] {2, 0, 3, 1, 4}));
    List<org.tensorflow.Output<TFloat32>> parts = tf.unstack(qkv, 3L).output();
    Operand<TFloat32> q =
        tf.math.mul(parts.get(0), tf.constant((float) (1.0 / Math.sqrt(headDim))));
    // [B,H,T,T]
    Operand<TFloat32> scores =
        tf.train.batchMatMul(q, parts.get(1), TFloat32.class, BatchMatMul.adjY(true));
    if (causal) {
      scores = tf.math.add(scores, tf.constant(causalMask(tokens)));
    }
    Operand<TFloat32> attn = tf.nn.softmax(scores);
    // [B,H,T,Dh] → [B,T,H,Dh] → [B*T, W]
    Operand<TFloat32> out = tf.train.batchMatMul(attn, parts.get(2), TFloat32.class);
    out = tf.linalg.transpose(out, tf.constant(new int[] {0, 2, 1, 3}));
    out = tf.reshape(out, tf.constant(new int[] {-1, width}));
    out = linear(out, prefix + ".out_proj.weight", prefix + ".out_proj.bias");
    // [B,T,W]
    return tf.reshape(out, tf.constant(new int[] {-1, tokens, width}));
  }

  private Operand<TFloat32> mlp(Operand<TFloat32> x, String prefix, int width) {
    // [B*T, W] → [B*T, M] → QuickGELU → [B*T, W]
    Operand<TFloat32> h =
        linear(
            tf.reshape(x, tf.constant(new int[] {-1, width})),
            prefix + ".c_fc.weight",
            prefix + ".c_fc.bias");
    h = tf.math.mul(h, tf.math.sigmoid(tf.math.mul(h, tf.constant(1.702f))));
    h = linear(h, prefix + ".c_proj.weight", prefix + ".c_proj.bias");
    return tf.reshape(h, tf.shape(x));
  }

  /** PyTorch Linear: {@code x W^T + b}. */
  private Operand<TFloat32> linear(Operand<TFloat32> x, String weight, String bias) {
    return tf.math.add(tf.linalg.matMul(x, w(weight), MatMul.transposeB(true)), w(bias));
  }

  private Operand<TFloat32> layerNorm(Operand<TFloat32> x, String prefix) {
    Operand<TInt32> last = tf.constant(-1);
    Operand<TFloat32> mean = tf.math.mean(x, last, Mean.keepDims(true));
    Operand<TFloat32> centred = tf.math.sub(x, mean);
    Operand<TFloat32> variance =
        tf.math.mean(tf.math.mul(centred, centred), last, Mean.keepDims(true));
    Operand<TFloat32> normed =
        tf.math.mul(
            centred,
            tf.math.rsqrt(tf.math.add(variance, tf.constant((float) config.layerNormEps()))));
    return tf.math.add(tf.math.mul(normed, w(prefix + ".weight")), w(prefix + ".bias"));
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
