package dev.clipstream.export.train;

import dev.clipstream.model.ClipConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * One CLIP training session: the model graph, CLIP's symmetric contrastive loss and AdamW updates,
 * in one TF graph.
 *
 * <p>Loss: image and text embeddings are L2-normalised, {@code logits = exp(s)·I·Tᵀ} with the
 * learnable log temperature {@code s} clamped to [0, ln 100] (logit scale ≤ 100, as CLIP clamps
 * it), and the loss is the mean of the two cross-entropies, image→text over rows and text→image
 * over columns. Targets are a dense [B,B] matrix (rows sum to 1), so batches that hold the same
 * caption twice treat both pairs as positives; dense targets with LogSoftmax also avoid
 * SparseSoftmaxCrossEntropyWithLogits, which has no gradient in TF-Java.
 *
 * <p>AdamW: decoupled weight decay {@code w ← w − lr·λ·w} on matrices (not on gains, biases or the
 * temperature), followed by TF's ApplyAdam with the bias corrections fed per step.
 */
public final class ContrastiveTrainer implements AutoCloseable {
  /** ln(100): CLIP's upper bound on the log temperature. */
  public static final float MAX_LOGIT_SCALE = (float) Math.log(100);

  private final Graph graph = new Graph();
  private final Session session;
  private final ClipTrainGraph model;
  private final int imageSide;
  private final int tokens;
  private final Placeholder<TFloat32> pixels;
  private final Placeholder<TInt32> ids;
  private final Placeholder<TFloat32> targets;
  private final Placeholder<TFloat32> learningRate;
  private final Placeholder<TFloat32> beta1Power;
  private final Placeholder<TFloat32> beta2Power;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> logits;
  private final List<Op> updates = new ArrayList<>();
  private final Map<String, Placeholder<TFloat32>> feeds = new LinkedHashMap<>();
  private final Map<String, Assign<TFloat32>> assigns = new LinkedHashMap<>();
  private final List<Op> slotInits = new ArrayList<>();
  private final TrainOptions options;
  private final int shards;
  private long step;

  /**
   * Builds the graph and assigns the initial weights.
   *
   * @param config architecture
   * @param initial a value for every key of {@link ClipWeights#shapes}
   * @param tokens text tokens per training example (≤ context length; see {@link
   *     ClipTrainGraph#encodeText})
   * @param options optimiser settings
   */
  public ContrastiveTrainer(
      ClipConfig config, Map<String, WeightTensor> initial, int tokens, TrainOptions options) {
    this.options = options;
    this.shards = options.threads();
    this.tokens = tokens;
    this.imageSide = config.vision().imageResolution();
    Ops tf = Ops.create(graph);
    model = new ClipTrainGraph(tf, config);
    int r = imageSide;
    pixels =
        tf.withName("train_pixels")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3, r, r)));
    ids =
        tf.withName("train_ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, tokens)));
    targets =
        tf.withName("train_targets")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
    learningRate =
        tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    beta1Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    beta2Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

    Operand<TFloat32> image = l2Normalise(tf, sharded(tf, pixels, model::encodeImage));
    Operand<TFloat32> text = l2Normalise(tf, sharded(tf, ids, x -> model.encodeText(x, tokens)));
    Operand<TFloat32> scale =
        tf.math.exp(
            tf.clipByValue(model.logitScale(), tf.constant(0f), tf.constant(MAX_LOGIT_SCALE)));
    logits = tf.math.mul(tf.linalg.matMul(image, text, MatMul.transposeB(true)), scale);
    Operand<TFloat32> perImage = crossEntropy(tf, logits, targets);
    Operand<TFloat32> perText =
        crossEntropy(
            tf,
            tf.linalg.transpose(logits, tf.constant(new int[] {1, 0})),
            tf.linalg.transpose(targets, tf.constant(new int[] {1, 0})));
    loss = tf.math.mul(tf.math.add(perImage, perText), tf.constant(0.5f));

    List<Variable<TFloat32>> vars = new ArrayList<>(model.variables().values());
    var gradients = tf.gradients(loss, vars);
    // Every update waits for every gradient: the legacy variables are read when an op runs, so
    // an update racing the backward pass would make a step depend on thread timing.
    List<Op> gradientsDone = new ArrayList<>();
    List<Operand<TFloat32>> grads = new ArrayList<>();
    for (int g = 0; g < vars.size(); g++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> grad = (Operand<TFloat32>) (Operand<?>) gradients.dy(g);
      org.tensorflow.op.core.Identity<TFloat32> done = tf.identity(grad);
      gradientsDone.add(done);
      grads.add(done);
    }
    Ops afterGradients = tf.withControlDependencies(gradientsDone);
    int i = 0;
    for (Map.Entry<String, Variable<TFloat32>> e : model.variables().entrySet()) {
      String key = e.getKey();
      Variable<TFloat32> v = e.getValue();
      Placeholder<TFloat32> feed = tf.placeholder(TFloat32.class);
      feeds.put(key, feed);
      assigns.put(key, tf.assign(v, feed));
      Shape shape = Shape.of(ClipWeights.shapes(config).get(key));
      Variable<TFloat32> m = tf.variable(shape, TFloat32.class);
      Variable<TFloat32> s = tf.variable(shape, TFloat32.class);
      slotInits.add(tf.assign(m, tf.fill(tf.constant(shape), tf.constant(0f))));
      slotInits.add(tf.assign(s, tf.fill(tf.constant(shape), tf.constant(0f))));
      Operand<TFloat32> grad = grads.get(i++);
      Ops scoped = afterGradients;
      if (decays(key, shape)) {
        Op decay =
            afterGradients.assignSub(
                v,
                tf.math.mul(
                    tf.math.mul(learningRate, tf.constant((float) options.weightDecay())),
                    tf.identity(v)));
        scoped = tf.withControlDependencies(List.of(gradientsDone.get(i - 1), decay));
      }
      updates.add(
          scoped.train.applyAdam(
              v,
              m,
              s,
              beta1Power,
              beta2Power,
              learningRate,
              tf.constant((float) options.beta1()),
              tf.constant((float) options.beta2()),
              tf.constant((float) options.epsilon()),
              grad));
    }
    session = new Session(graph, threads(options.threads()));
    assign(initial);
    for (Op init : slotInits) {
      session.run(init);
    }
  }

  /**
   * Runs a tower on {@code shards} independent slices of the batch and concatenates the results.
   * The loss is unchanged (it sees the whole batch), but TF's executor can run the slices, and
   * their backward passes, on separate inter-op threads: on small models one-op-at-a-time
   * parallelism leaves cores idle, while independent slices keep every core busy.
   */
  private <T extends TType> Operand<TFloat32> sharded(
      Ops tf, Operand<T> input, Function<Operand<T>, Operand<TFloat32>> tower) {
    if (shards == 1) {
      return tower.apply(input);
    }
    List<Operand<TFloat32>> parts = new ArrayList<>(shards);
    Operand<TInt32> batch =
        tf.reshape(tf.shape.size(tf.shape(input), tf.constant(0)), tf.constant(new int[0]));
    for (int k = 0; k < shards; k++) {
      Operand<TInt32> begin = tf.math.div(tf.math.mul(batch, tf.constant(k)), tf.constant(shards));
      Operand<TInt32> end =
          tf.math.div(tf.math.mul(batch, tf.constant(k + 1)), tf.constant(shards));
      parts.add(tower.apply(slice(tf, input, begin, end)));
    }
    return tf.concat(parts, tf.constant(0));
  }

  private static <T extends TType> Operand<T> slice(
      Ops tf, Operand<T> input, Operand<TInt32> begin, Operand<TInt32> end) {
    Operand<TInt32> rank = tf.rank(input);
    Operand<TInt32> rest =
        tf.fill(tf.expandDims(tf.math.sub(rank, tf.constant(1)), tf.constant(0)), tf.constant(0));
    Operand<TInt32> starts =
        tf.concat(List.of(tf.expandDims(begin, tf.constant(0)), rest), tf.constant(0));
    Operand<TInt32> restSizes =
        tf.fill(tf.expandDims(tf.math.sub(rank, tf.constant(1)), tf.constant(0)), tf.constant(-1));
    Operand<TInt32> sizes =
        tf.concat(
            List.of(tf.expandDims(tf.math.sub(end, begin), tf.constant(0)), restSizes),
            tf.constant(0));
    return tf.slice(input, starts, sizes);
  }

  /** Matrices decay; gains, biases, embeddings of rank 1 and the temperature do not. */
  private static boolean decays(String key, Shape shape) {
    return shape.numDimensions() >= 2 && !key.equals("logit_scale");
  }

  private static ConfigProto threads(int threads) {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(threads)
        .setInterOpParallelismThreads(threads)
        .build();
  }

  private static Operand<TFloat32> l2Normalise(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> squares =
        tf.reduceSum(
            tf.math.mul(x, x), tf.constant(-1), org.tensorflow.op.core.ReduceSum.keepDims(true));
    return tf.math.mul(x, tf.math.rsqrt(tf.math.add(squares, tf.constant(1e-12f))));
  }

  /** Mean over rows of −Σ target·log softmax(logits). */
  private static Operand<TFloat32> crossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TFloat32> targets) {
    Operand<TFloat32> perRow =
        tf.sum(tf.math.mul(targets, tf.nn.logSoftmax(logits)), tf.constant(1), Sum.keepDims(false));
    return tf.math.neg(tf.math.mean(perRow, tf.constant(0)));
  }

  /** Overwrites weights (e.g. to start from a checkpoint). */
  public void assign(Map<String, WeightTensor> weights) {
    for (Map.Entry<String, Assign<TFloat32>> e : assigns.entrySet()) {
      WeightTensor w = weights.get(e.getKey());
      if (w == null) {
        throw new IllegalArgumentException("missing initial weight " + e.getKey());
      }
      try (TFloat32 t =
          TFloat32.tensorOf(Shape.of(w.shape()), DataBuffers.of(w.data(), true, false))) {
        session.runner().feed(feeds.get(e.getKey()), t).addTarget(e.getValue()).run();
      }
    }
  }

  /** Result of one step: the loss and the in-batch image→text top-1 accuracy. */
  public record StepResult(float loss, float accuracy) {}

  /**
   * One optimiser step on a batch.
   *
   * @param pixelValues normalised pixels [B,3,R,R]
   * @param tokenIds ids [B,tokens], zero-padded
   * @param targetMatrix [B,B], rows summing to 1
   * @param batch B
   * @param lr learning rate for this step
   */
  public StepResult step(
      float[] pixelValues, int[] tokenIds, float[] targetMatrix, int batch, float lr) {
    step++;
    float b1 = (float) Math.pow(options.beta1(), step);
    float b2 = (float) Math.pow(options.beta2(), step);
    try (TFloat32 p =
            TFloat32.tensorOf(
                Shape.of(batch, 3, imageSide, imageSide),
                DataBuffers.of(pixelValues, true, false));
        TInt32 t = TInt32.tensorOf(Shape.of(batch, tokens), DataBuffers.of(tokenIds, true, false));
        TFloat32 y =
            TFloat32.tensorOf(Shape.of(batch, batch), DataBuffers.of(targetMatrix, true, false));
        TFloat32 rate = TFloat32.scalarOf(lr);
        TFloat32 p1 = TFloat32.scalarOf(b1);
        TFloat32 p2 = TFloat32.scalarOf(b2)) {
      Session.Runner runner =
          session
              .runner()
              .feed(pixels, p)
              .feed(ids, t)
              .feed(targets, y)
              .feed(learningRate, rate)
              .feed(beta1Power, p1)
              .feed(beta2Power, p2)
              .fetch(loss)
              .fetch(logits);
      for (Op u : updates) {
        runner.addTarget(u);
      }
      try (Result out = runner.run()) {
        float lossValue = ((TFloat32) out.get(0)).getFloat();
        TFloat32 l = (TFloat32) out.get(1);
        int correct = 0;
        for (int row = 0; row < batch; row++) {
          int best = 0;
          for (int col = 1; col < batch; col++) {
            if (l.getFloat(row, col) > l.getFloat(row, best)) {
              best = col;
            }
          }
          if (targetMatrix[row * batch + best] > 0) {
            correct++;
          }
        }
        return new StepResult(lossValue, correct / (float) batch);
      }
    }
  }

  /** The loss on a batch without updating anything. */
  public float evaluateLoss(float[] pixelValues, int[] tokenIds, float[] targetMatrix, int batch) {
    try (TFloat32 p =
            TFloat32.tensorOf(
                Shape.of(batch, 3, imageSide, imageSide),
                DataBuffers.of(pixelValues, true, false));
        TInt32 t = TInt32.tensorOf(Shape.of(batch, tokens), DataBuffers.of(tokenIds, true, false));
        TFloat32 y =
            TFloat32.tensorOf(Shape.of(batch, batch), DataBuffers.of(targetMatrix, true, false));
        Result out =
            session.runner().feed(pixels, p).feed(ids, t).feed(targets, y).fetch(loss).run()) {
      return ((TFloat32) out.get(0)).getFloat();
    }
  }

  /** Current weights by OpenAI key; {@code logit_scale} clamped to [0, ln 100] as CLIP does. */
  public Map<String, WeightTensor> weights() {
    Map<String, WeightTensor> out = new LinkedHashMap<>();
    Session.Runner runner = session.runner();
    List<String> keys = new ArrayList<>(model.variables().keySet());
    for (String key : keys) {
      runner.fetch(model.variables().get(key));
    }
    try (Result result = runner.run()) {
      for (int i = 0; i < keys.size(); i++) {
        TFloat32 t = (TFloat32) result.get(i);
        float[] data = new float[(int) t.size()];
        t.asRawTensor().data().asFloats().read(data);
        if (keys.get(i).equals("logit_scale")) {
          data[0] = Math.max(0f, Math.min(MAX_LOGIT_SCALE, data[0]));
        }
        out.put(keys.get(i), new WeightTensor(t.shape().asArray(), data));
      }
    }
    return out;
  }

  public long stepsDone() {
    return step;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }

  static void closeAll(List<Tensor> tensors) {
    tensors.forEach(Tensor::close);
  }
}
