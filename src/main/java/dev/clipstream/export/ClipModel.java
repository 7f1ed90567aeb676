package dev.clipstream.export;

import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.TextConfig;
import dev.clipstream.model.VisionConfig;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * CLIP ViT as a TF-Java graph, written like OpenAI's {@code clip/model.py}: one method per module,
 * named after the checkpoint key prefix it reads.
 *
 * <p>Every weight is a TF {@link Variable} named by its OpenAI state-dict key, created in the
 * {@link Ops} scope given to {@link #create}. Variables get their values from a {@link
 * WeightSource} through {@link #loadWeights} (one placeholder + assign per variable, never a Const:
 * Consts of hundreds of MB make the first run take seconds and gigabytes). The forward functions
 * return operands, so a trainer can build the same graph, put a loss and an optimizer on top, and
 * export the result with {@link #readWeights}.
 *
 * <p>Use by a trainer (same graph, same export path):
 *
 * <pre>{@code
 * try (Graph g = new Graph(); Session s = new Session(g, TfSessions.config(0, 0))) {
 *   Ops tf = Ops.create(g);
 *   ClipModel clip = ClipModel.create(tf, config);            // variables named by OpenAI keys
 *   Operand<TFloat32> img = clip.encodeImage(pixels);        // [B, D], unnormalised
 *   Operand<TFloat32> txt = clip.encodeText(ids);            // [B, D], unnormalised
 *   // loss from img, txt and clip.logitScale(); optimizer.minimize(loss); ...
 *   clip.loadWeights(s, weights, ClipModel.Progress.NONE);   // RandomWeights, Checkpoint,
 *                                                            // ModelFolderWeights, ...
 *   // train ...
 *   ClipExporter.export(new ClipExporter.Request(name, "1", config, clip.readWeights(s), null,
 *       false, tokenizerFiles, out, 0, 0), System.err::println);
 * }
 * }</pre>
 *
 * <p>Layout: the residual stream is kept as a 2-D {@code [batch*tokens, width]} matrix so that
 * every Linear is one plain MatMul; attention reshapes to heads and back.
 */
public final class ClipModel {
  private final Ops tf;
  private final ClipConfig config;
  private final List<ParameterSpec> specs;
  private final Map<String, Variable<TFloat32>> variables;
  private final Map<String, Placeholder<TFloat32>> initValues;
  private final Map<String, Assign<TFloat32>> assigns;

  private ClipModel(Ops tf, ClipConfig config) {
    this.tf = tf;
    this.config = config;
    this.specs = ClipParameters.of(config);
    Map<String, Variable<TFloat32>> vars = new LinkedHashMap<>();
    Map<String, Placeholder<TFloat32>> phs = new LinkedHashMap<>();
    Map<String, Assign<TFloat32>> asg = new LinkedHashMap<>();
    for (ParameterSpec spec : specs) {
      Shape shape = Shape.of(spec.shape());
      Variable<TFloat32> v = tf.withName(spec.key()).variable(shape, TFloat32.class);
      Placeholder<TFloat32> p =
          tf.withName(spec.key() + ".init_value")
              .placeholder(TFloat32.class, Placeholder.shape(shape));
      vars.put(spec.key(), v);
      phs.put(spec.key(), p);
      asg.put(spec.key(), tf.withName(spec.key() + ".assign").assign(v, p));
    }
    this.variables = Collections.unmodifiableMap(vars);
    this.initValues = phs;
    this.assigns = asg;
  }

  /**
   * Creates the variables of {@code config} in {@code tf}'s scope (uninitialised until {@link
   * #loadWeights}).
   */
  public static ClipModel create(Ops tf, ClipConfig config) {
    return new ClipModel(tf, config);
  }

  public ClipConfig config() {
    return config;
  }

  /** All variables by OpenAI key, in state-dict order. */
  public Map<String, Variable<TFloat32>> variables() {
    return variables;
  }

  /** The parameter list (keys and shapes), in state-dict order. */
  public List<ParameterSpec> parameters() {
    return specs;
  }

  /** CLIP's learnable log temperature: {@code exp(logitScale)} multiplies cosines. */
  public Variable<TFloat32> logitScale() {
    return variables.get("logit_scale");
  }

  /** Receives progress while weights are loaded or read back. */
  public interface Progress {
    void update(String key, long doneElements, long totalElements);

    Progress NONE = (key, done, total) -> {};
  }

  /** Assigns every variable from {@code source}, one tensor at a time. */
  public void loadWeights(Session session, WeightSource source, Progress progress)
      throws IOException, CheckpointException {
    long total = ClipParameters.count(config);
    long done = 0;
    for (ParameterSpec spec : specs) {
      float[] values = source.read(spec);
      if (values.length != spec.size()) {
        throw new CheckpointException(
            "shape mismatch for '"
                + spec.key()
                + "': "
                + source.describe()
                + " gave "
                + values.length
                + " values, the architecture needs "
                + Arrays.toString(spec.shape()));
      }
      try (TFloat32 t =
              TFloat32.tensorOf(Shape.of(spec.shape()), DataBuffers.of(values, true, false));
          Result r =
              session
                  .runner()
                  .feed(initValues.get(spec.key()), t)
                  .addTarget(assigns.get(spec.key()))
                  .run()) {
        done += spec.size();
        progress.update(spec.key(), done, total);
      }
    }
  }

  /**
   * Reads the current value of every variable (e.g. after training), as a weight source that {@link
   * ClipExporter} can write with the same code path as a checkpoint export.
   */
  public InMemoryWeights readWeights(Session session) {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (ParameterSpec spec : specs) {
      try (Result r = session.runner().fetch(variables.get(spec.key())).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] out = new float[Math.toIntExact(spec.size())];
        t.copyTo(DataBuffers.of(out, false, false));
        values.put(spec.key(), out);
      }
    }
    return new InMemoryWeights("variables of a live graph", specs, values);
  }

  // ---------------------------------------------------------------- image tower: visual.*

  /**
   * {@code encode_image}: normalised pixels {@code [B, 3, R, R]} → unnormalised image embeddings
   * {@code [B, embedDim]}.
   */
  public Operand<TFloat32> encodeImage(Operand<TFloat32> pixels) {
    VisionConfig v = config.vision();
    int grid = v.grid();
    Operand<TFloat32> x = visualConv1(pixels); // [B, grid, grid, width]
    x = tf.reshape(x, tf.constant(new int[] {-1, grid * grid, v.width()})); // [B, grid², width]
    x = tf.concat(List.of(visualClassEmbedding(x), x), tf.constant(1)); // [B, grid²+1, width]
    x = tf.math.add(x, w("visual.positional_embedding")); // [B, tokens, width]
    x = tf.reshape(x, tf.constant(new int[] {-1, v.width()})); // [B*tokens, width]
    x = layerNorm(x, "visual.ln_pre");
    x = transformer(x, "visual.transformer", v.layers(), v.heads(), v.tokens(), v.width(), false);
    x = tf.reshape(x, tf.constant(new int[] {-1, v.tokens(), v.width()})); // [B, tokens, width]
    x = tf.stridedSlice(x, Indices.all(), Indices.at(0), Indices.all()); // [B, width]: class token
    x = layerNorm(x, "visual.ln_post");
    return tf.linalg.matMul(x, w("visual.proj")); // [B, embedDim]
  }

  /**
   * {@code visual.conv1}: the patch embedding, a stride-P Conv2D without bias. TF's CPU Conv2D
   * wants NHWC, so the NCHW input and the OIHW PyTorch kernel are transposed.
   */
  private Operand<TFloat32> visualConv1(Operand<TFloat32> pixels) {
    long p = config.vision().patchSize();
    Operand<TFloat32> nhwc = tf.linalg.transpose(pixels, tf.constant(new int[] {0, 2, 3, 1}));
    // [B, R, R, 3]
    Operand<TFloat32> kernel =
        tf.linalg.transpose(w("visual.conv1.weight"), tf.constant(new int[] {2, 3, 1, 0}));
    // [P, P, 3, width]
    return tf.nn.conv2d(nhwc, kernel, List.of(1L, p, p, 1L), "VALID"); // [B, grid, grid, width]
  }

  /** {@code visual.class_embedding}, repeated for every image: {@code [B, 1, width]}. */
  private Operand<TFloat32> visualClassEmbedding(Operand<TFloat32> patches) {
    int width = config.vision().width();
    Operand<TFloat32> cls =
        tf.reshape(w("visual.class_embedding"), tf.constant(new int[] {1, 1, width}));
    // [1, 1, width]
    Operand<TInt32> batch =
        tf.stridedSlice(tf.shape(patches), Indices.range(0, 1)); // [1]: the dynamic batch size
    Operand<TInt32> shape =
        tf.concat(List.of(batch, tf.constant(new int[] {1, width})), tf.constant(0));
    return tf.broadcastTo(cls, shape); // [B, 1, width]
  }

  // ---------------------------------------------------------------- text tower

  /**
   * {@code encode_text}: token ids {@code [B, contextLength]} (zero-padded, EOT = largest id) →
   * unnormalised text embeddings {@code [B, embedDim]}.
   */
  public Operand<TFloat32> encodeText(Operand<TInt32> ids) {
    TextConfig t = config.text();
    int ctx = t.contextLength();
    Operand<TFloat32> x = tf.gather(w("token_embedding.weight"), ids, tf.constant(0));
    // [B, ctx, width]
    x = tf.math.add(x, w("positional_embedding")); // [B, ctx, width]
    x = tf.reshape(x, tf.constant(new int[] {-1, t.width()})); // [B*ctx, width]
    x = transformer(x, "transformer", t.layers(), t.heads(), ctx, t.width(), true);
    x = layerNorm(x, "ln_final");
    x = tf.gather(x, eotRows(ids), tf.constant(0)); // [B, width]: features at the EOT token
    return tf.linalg.matMul(x, w("text_projection")); // [B, embedDim]
  }

  /**
   * Row of each text's first end-of-text token in the flattened {@code [B*ctx]} stream. OpenAI
   * takes {@code argmax(ids)}; TF's ArgMax does not promise the first of equal maxima, so the
   * maxima are weighted {@code ctx - position} to make the first one win.
   */
  private Operand<TInt32> eotRows(Operand<TInt32> ids) {
    int ctx = config.text().contextLength();
    Operand<TInt32> max = tf.reduceMax(ids, tf.constant(1), ReduceMax.keepDims(true)); // [B, 1]
    Operand<TInt32> isMax = tf.dtypes.cast(tf.math.equal(ids, max), TInt32.class); // [B, ctx]
    int[] weights = new int[ctx];
    for (int i = 0; i < ctx; i++) {
      weights[i] = ctx - i;
    }
    Operand<TInt32> eot =
        tf.math.argMax(tf.math.mul(isMax, tf.constant(weights)), tf.constant(1), TInt32.class);
    // [B]
    Operand<TInt32> batch = tf.stridedSlice(tf.shape(ids), Indices.at(0)); // []
    Operand<TInt32> rowStart =
        tf.math.mul(tf.range(tf.constant(0), batch, tf.constant(1)), tf.constant(ctx)); // [B]
    return tf.math.add(rowStart, eot); // [B]
  }

  // ---------------------------------------------------------------- shared modules

  /** {@code <prefix>.resblocks.{i}}: a stack of pre-LN residual attention blocks. */
  private Operand<TFloat32> transformer(
      Operand<TFloat32> x,
      String prefix,
      int layers,
      int heads,
      int tokens,
      int width,
      boolean causal) {
    Operand<TFloat32> mask = causal ? tf.constant(causalMask(tokens)) : null;
    for (int i = 0; i < layers; i++) {
      x = residualAttentionBlock(x, prefix + ".resblocks." + i, heads, tokens, width, mask);
    }
    return x;
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

  /** {@code LayerNorm} over the last axis, eps from the config (1e-5), in float32. */
  private Operand<TFloat32> layerNorm(Operand<TFloat32> x, String prefix) {
    Operand<TInt32> last = tf.constant(-1);
    Operand<TFloat32> mean = tf.math.mean(x, last, Mean.keepDims(true));
    Operand<TFloat32> centred = tf.math.sub(x, mean);
    Operand<TFloat32> variance =
        tf.math.mean(tf.math.mul(centred, centred), last, Mean.keepDims(true));
    Operand<TFloat32> inv =
        tf.math.rsqrt(tf.math.add(variance, tf.constant((float) config.layerNormEps())));
    return tf.math.add(
        tf.math.mul(tf.math.mul(centred, inv), w(prefix + ".weight")), w(prefix + ".bias"));
  }

  /**
   * Additive causal mask: 0 on and below the diagonal, -inf above (OpenAI's build_attention_mask).
   */
  private static float[][] causalMask(int tokens) {
    float[][] m = new float[tokens][tokens];
    for (int i = 0; i < tokens; i++) {
      for (int j = i + 1; j < tokens; j++) {
        m[i][j] = Float.NEGATIVE_INFINITY;
      }
    }
    return m;
  }

  private Operand<TFloat32> w(String key) {
    Variable<TFloat32> v = variables.get(key);
    if (v == null) {
      throw new IllegalStateException("no variable " + key);
    }
    return v;
  }
}
