package dev.clipstream.cli;

import dev.clipstream.export.train.ShapesEvaluation;
import dev.clipstream.runtime.RuntimeOptions;
import dev.clipstream.runtime.SavedModelClip;
import dev.clipstream.tokenizer.ClipTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link ShapesEvaluation.Encoders} over a served model folder: the SavedModel and its tokenizer.
 */
final class ModelFolderEncoders implements ShapesEvaluation.Encoders, AutoCloseable {
  private final SavedModelClip clip;
  private final ClipTokenizer tokenizer;

  ModelFolderEncoders(Path modelDir, int threads) throws IOException {
    clip = SavedModelClip.load(modelDir, new RuntimeOptions(threads, 1));
    tokenizer = ClipTokenizer.fromDirectory(modelDir.resolve("tokenizer"));
  }

  @Override
  public int imageResolution() {
    return clip.imageResolution();
  }

  @Override
  public float[] encodeImages(float[] pixels, int batch) {
    return clip.encodeImages(pixels, batch);
  }

  @Override
  public float[] encodeTexts(List<String> texts) {
    int context = clip.contextLength();
    int[] ids = new int[texts.size() * context];
    for (int i = 0; i < texts.size(); i++) {
      System.arraycopy(tokenizer.encode(texts.get(i), context).ids(), 0, ids, i * context, context);
    }
    return clip.encodeTexts(ids, texts.size());
  }

  @Override
  public void close() {
    clip.close();
  }
}
