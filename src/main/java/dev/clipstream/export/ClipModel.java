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
 * <p>The transformer stacks, LayerNorm and Linear are {@link TransformerBlocks}, shared with the
 * training graph; this class adds the stems: patch embedding, class token and EOT pooling.
 */
public final class ClipModel {
  private final Ops tf;
  private final ClipConfig config;
  private final List<ParameterSpec> specs;
  private final Map<String, Variable<TFloat32>> variables;
  private final Map<String, Placeholder<TFloat32>> initValues;
  private final Map<String, Assign<TFloat32>> assigns;
  private final TransformerBlocks blocks;

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
    this.blocks = new TransformerBlocks(tf, variables::get, config.layerNormEps());
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
    x = blocks.layerNorm(x, "visual.ln_pre");
    x =
        blocks.transformer(
            x, "visual.transformer", v.layers(), v.heads(), v.tokens(), v.width(), null);
    x = tf.reshape(x, tf.constant(new int[] {-1, v.tokens(), v.width()})); // [B, tokens, width]
    x = tf.stridedSlice(x, Indices.all(), Indices.at(0), Indices.all()); // [B, width]: class token
    x = blocks.layerNorm(x, "visual.ln_post");
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
    Operand<TFloat32> mask = tf.constant(causalMask(ctx));
    x = blocks.transformer(x, "transformer", t.layers(), t.heads(), ctx, t.width(), mask);
    x = blocks.layerNorm(x, "ln_final");
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
