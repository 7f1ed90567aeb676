package dev.clipstream.export.train;

import dev.clipstream.model.ClipConfig;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Runs the training graph's encoders on given weights, without writing a model folder: used to
 * evaluate weights during and after training and to check the graph against the oracle.
 */
public final class ClipInference implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> pixels;
  private final Placeholder<TInt32> ids;
  private final Operand<TFloat32> imageEmbeds;
  private final Operand<TFloat32> textEmbeds;
  private final ClipConfig config;
  private final int tokens;

  /**
   * @param tokens text tokens per input (77 for CLIP's full context; fewer is equivalent for texts
   *     that fit, see {@link ClipTrainGraph#encodeText})
   */
  public ClipInference(
      ClipConfig config, Map<String, WeightTensor> weights, int tokens, int threads) {
    this.config = config;
    this.tokens = tokens;
    Ops tf = Ops.create(graph);
    ClipTrainGraph model = new ClipTrainGraph(tf, config);
    int r = config.vision().imageResolution();
    pixels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3, r, r)));
    ids = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, tokens)));
    imageEmbeds = model.encodeImage(pixels);
    textEmbeds = model.encodeText(ids, tokens);
    session =
        new Session(
            graph,
            ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(1)
                .build());
    for (var e : model.variables().entrySet()) {
      WeightTensor w = weights.get(e.getKey());
      if (w == null) {
        throw new IllegalArgumentException("missing weight " + e.getKey());
      }
      Placeholder<TFloat32> feed = tf.placeholder(TFloat32.class);
      Assign<TFloat32> assign = tf.assign(e.getValue(), feed);
      try (TFloat32 t =
          TFloat32.tensorOf(Shape.of(w.shape()), DataBuffers.of(w.data(), true, false))) {
        session.runner().feed(feed, t).addTarget(assign).run();
      }
    }
  }

  public ClipConfig config() {
    return config;
  }

  public int tokens() {
    return tokens;
  }

  /** [B,3,R,R] normalised pixels → [B,D] unnormalised embeddings. */
  public float[] encodeImages(float[] pixelValues, int batch) {
    int r = config.vision().imageResolution();
    try (TFloat32 p =
            TFloat32.tensorOf(Shape.of(batch, 3, r, r), DataBuffers.of(pixelValues, true, false));
        Result out = session.runner().feed(pixels, p).fetch(imageEmbeds).run()) {
      return read((TFloat32) out.get(0));
    }
  }

  /** [B,tokens] ids → [B,D] unnormalised embeddings. */
  public float[] encodeTexts(int[] tokenIds, int batch) {
    try (TInt32 t =
            TInt32.tensorOf(Shape.of(batch, tokens), DataBuffers.of(tokenIds, true, false));
        Result out = session.runner().feed(ids, t).fetch(textEmbeds).run()) {
      return read((TFloat32) out.get(0));
    }
  }

  private static float[] read(TFloat32 t) {
    float[] out = new float[(int) t.size()];
    t.asRawTensor().data().asFloats().read(out);
    return out;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
