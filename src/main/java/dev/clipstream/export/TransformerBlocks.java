package dev.clipstream.export;

import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The modules both CLIP towers share, as in OpenAI's {@code model.py}: {@code LayerNorm}, {@code
 * Linear}, {@code ResidualAttentionBlock} with its packed-projection attention and QuickGELU MLP,
 * and the {@code Transformer} stack. The serving graph ({@link ClipModel}) and the training graph
 * ({@code export.train.ClipTrainGraph}) build their towers from these, so the two cannot drift
 * apart; they differ only in the stems around the stack (patch embedding, class token, pooling).
 *
 * <p>The residual stream is a 2-D {@code [batch*tokens, width]} matrix so that every Linear is one
 * plain MatMul; attention reshapes to heads and back. Every op used has a registered gradient.
 */
public final class TransformerBlocks {
  private final Ops tf;
  private final Function<String, Variable<TFloat32>> weights;
  private final float layerNormEps;

  /**
   * @param tf ops of the graph to build in
   * @param weights the variable holding each OpenAI state-dict key
   * @param layerNormEps LayerNorm's epsilon (1e-5 in CLIP)
   */
  public TransformerBlocks(
      Ops tf, Function<String, Variable<TFloat32>> weights, double layerNormEps) {
    this.tf = tf;
    this.weights = weights;
    this.layerNormEps = (float) layerNormEps;
  }

  /**
   * {@code <prefix>.resblocks.{i}}: a stack of pre-LN residual attention blocks over {@code x}
   * {@code [B*tokens, width]}.
   *
   * @param mask additive attention mask {@code [tokens, tokens]}, or null for none
   */
  public Operand<TFloat32> transformer(
      Operand<TFloat32> x,
      String prefix,
      int layers,
      int heads,
      int tokens,
      int width,
      Operand<TFloat32> mask) {
    for (int i = 0; i < layers; i++) {
      x = residualAttentionBlock(x, prefix + ".resblocks." + i, heads, tokens, width, mask);
    }
    return x;
  }

  /** {@code LayerNorm} over the last axis, in float32. */
  public Operand<TFloat32> layerNorm(Operand<TFloat32> x, String prefix) {
    Operand<TInt32> last = tf.constant(-1);
    Operand<TFloat32> mean = tf.math.mean(x, last, Mean.keepDims(true));
    Operand<TFloat32> centred = tf.math.sub(x, mean);
    Operand<TFloat32> variance =
        tf.math.mean(tf.math.mul(centred, centred), last, Mean.keepDims(true));
    Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(variance, tf.constant(layerNormEps)));
    return tf.math.add(
        tf.math.mul(tf.math.mul(centred, inv), w(prefix + ".weight")), w(prefix + ".bias"));
  }

  /** {@code …resblocks.{i}}: {@code x + attn(ln_1(x))}, then {@code x + mlp(ln_2(x))}. */
  private Operand<TFloat32> residualAttentionBlock(
      Operand<TFloat32> x,
      String prefix,
      int heads,
      int tokens,
      int width,
      Operand<TFloat32> mask) {
    x =
        tf.math.add(
            x, attn(layerNorm(x, prefix + ".ln_1"), prefix + ".attn", heads, tokens, width, mask));
    return tf.math.add(x, mlp(layerNorm(x, prefix + ".ln_2"), prefix + ".mlp"));
  }

  /** {@code …attn}: PyTorch's {@code nn.MultiheadAttention} with packed q/k/v in-projection. */
  private Operand<TFloat32> attn(
      Operand<TFloat32> x,
      String prefix,
      int heads,
      int tokens,
      int width,
      Operand<TFloat32> mask) {
    int headDim = width / heads;
    Operand<TFloat32> qkv = linear(x, prefix + ".in_proj_weight", prefix + ".in_proj_bias");
    // [B*T, 3*width]
    qkv = tf.reshape(qkv, tf.constant(new int[] {-1, tokens, 3, heads, headDim}));
    // [B, T, 3, heads, headDim]
    qkv = tf.linalg.transpose(qkv, tf.constant(new int[] {2, 0, 3, 1, 4}));
    // [3, B, heads, T, headDim]
    List<org.tensorflow.Output<TFloat32>> parts =
        tf.unstack(qkv, 3L).output(); // 3 × [B, heads, T, headDim]
    Operand<TFloat32> q =
        tf.math.mul(parts.get(0), tf.constant((float) (1.0 / Math.sqrt(headDim))));
    Operand<TFloat32> scores =
        tf.train.batchMatMul(q, parts.get(1), TFloat32.class, BatchMatMul.adjY(true));
    // [B, heads, T, T]
    if (mask != null) {
      scores = tf.math.add(scores, mask);
    }
    Operand<TFloat32> o = tf.train.batchMatMul(tf.nn.softmax(scores), parts.get(2), TFloat32.class);
    // [B, heads, T, headDim]
    o = tf.linalg.transpose(o, tf.constant(new int[] {0, 2, 1, 3})); // [B, T, heads, headDim]
    o = tf.reshape(o, tf.constant(new int[] {-1, width})); // [B*T, width]
    return linear(o, prefix + ".out_proj.weight", prefix + ".out_proj.bias");
  }

  /** {@code …mlp}: {@code c_proj(QuickGELU(c_fc(x)))}. */
  private Operand<TFloat32> mlp(Operand<TFloat32> x, String prefix) {
    Operand<TFloat32> h = linear(x, prefix + ".c_fc.weight", prefix + ".c_fc.bias");
    h = tf.math.mul(h, tf.math.sigmoid(tf.math.mul(h, tf.constant(1.702f)))); // QuickGELU
    return linear(h, prefix + ".c_proj.weight", prefix + ".c_proj.bias");
  }

  /** PyTorch {@code nn.Linear}: {@code x Wᵀ + b} with W stored {@code [out, in]}. */
  private Operand<TFloat32> linear(Operand<TFloat32> x, String weight, String bias) {
    return tf.math.add(tf.linalg.matMul(x, w(weight), MatMul.transposeB(true)), w(bias));
  }

  private Operand<TFloat32> w(String key) {
    Variable<TFloat32> v = weights.apply(key);
    if (v == null) {
      throw new IllegalStateException("no variable " + key);
    }
    return v;
  }
}
