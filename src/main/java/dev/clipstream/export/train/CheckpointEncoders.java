package dev.clipstream.export.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@link ShapesEvaluation.Encoders} over a checkpoint folder, run in-process at full context. */
public final class CheckpointEncoders implements ShapesEvaluation.Encoders, AutoCloseable {
  private final ClipInference clip;
  private final BpeEncoder tokenizer;

  public CheckpointEncoders(Path dir, int threads) throws IOException {
    var config = CheckpointReader.config(dir);
    clip =
        new ClipInference(
            config, CheckpointReader.weights(dir), config.text().contextLength(), threads);
    tokenizer =
        new BpeEncoder(
            CheckpointReader.vocabulary(dir.resolve("vocab.json"), dir.resolve("merges.txt")));
  }

  @Override
  public int imageResolution() {
    return clip.config().vision().imageResolution();
  }

  @Override
  public float[] encodeImages(float[] pixels, int batch) {
    return clip.encodeImages(pixels, batch);
  }

  @Override
  public float[] encodeTexts(List<String> texts) {
    int context = clip.tokens();
    int[] ids = new int[texts.size() * context];
    for (int i = 0; i < texts.size(); i++) {
      int[] t = tokenizer.encode(texts.get(i));
      int n = Math.min(t.length, context);
      System.arraycopy(t, 0, ids, i * context, n);
      if (t.length > context) {
        ids[i * context + context - 1] = t[t.length - 1];
      }
    }
    return clip.encodeTexts(ids, texts.size());
  }

  @Override
  public void close() {
    clip.close();
  }
}
