package dev.clipstream.cli;

import dev.clipstream.model.ModelManifest;
import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.ImageDecodeException;
import dev.clipstream.preprocess.PreprocessOptions;
import dev.clipstream.runtime.RuntimeOptions;
import dev.clipstream.runtime.SavedModelClip;
import dev.clipstream.tokenizer.ClipTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model folder opened for the command-line tools: the SavedModel, its tokenizer (loaded only when
 * texts are encoded) and a preprocessor with the folder's resolution, mean and std.
 */
final class LoadedModel implements AutoCloseable {
  /** Images per model call; bounds memory for long --image lists. */
  static final int IMAGE_BATCH = 16;

  final Path dir;
  final ModelManifest manifest;
  final SavedModelClip clip;
  private ClipTokenizer tokenizer;
  private final ClipPreprocessor preprocessor;

  LoadedModel(Path dir, RuntimeOptions options) throws IOException {
    this.dir = dir;
    this.clip = SavedModelClip.load(dir, options);
    this.manifest = clip.manifest();
    this.preprocessor =
        new ClipPreprocessor(
            new PreprocessOptions(
                manifest.imageResolution(),
                manifest.mean(),
                manifest.std(),
                PreprocessOptions.DEFAULT_MAX_PIXELS,
                PreprocessOptions.DEFAULT_MAX_BYTES));
  }

  ClipTokenizer tokenizer() throws IOException {
    if (tokenizer == null) {
      tokenizer = ClipTokenizer.fromDirectory(dir.resolve("tokenizer"));
    }
    return tokenizer;
  }

  /** Unnormalised embeddings of image files, {@code [n, D]} row-major. */
  float[] embedImages(List<Path> files) throws IOException, ImageDecodeException {
    int d = manifest.embedDim();
    int per = 3 * manifest.imageResolution() * manifest.imageResolution();
    float[] out = new float[files.size() * d];
    for (int start = 0; start < files.size(); start += IMAGE_BATCH) {
      int n = Math.min(IMAGE_BATCH, files.size() - start);
      float[] pixels = new float[n * per];
      for (int i = 0; i < n; i++) {
        Path f = files.get(start + i);
        try {
          preprocessor.preprocessInto(Files.readAllBytes(f), pixels, i * per);
        } catch (ImageDecodeException e) {
          throw new ImageDecodeException(e.reason(), f + ": " + e.getMessage(), e);
        }
      }
      System.arraycopy(clip.encodeImages(pixels, n), 0, out, start * d, n * d);
    }
    return out;
  }

  /** Unnormalised embeddings of texts, {@code [n, D]} row-major. */
  float[] embedTexts(List<String> texts) throws IOException {
    int ctx = manifest.contextLength();
    int[] ids = new int[texts.size() * ctx];
    for (int i = 0; i < texts.size(); i++) {
      System.arraycopy(tokenizer().encode(texts.get(i), ctx).ids(), 0, ids, i * ctx, ctx);
    }
    return texts.isEmpty() ? new float[0] : clip.encodeTexts(ids, texts.size());
  }

  @Override
  public void close() {
    clip.close();
  }
}
