package dev.clipstream.cli.bench;

import dev.clipstream.model.ModelManifest;
import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.ImageDecodeException;
import dev.clipstream.preprocess.PreprocessOptions;
import dev.clipstream.preprocess.SyntheticImages;
import dev.clipstream.runtime.RuntimeOptions;
import dev.clipstream.runtime.SavedModelClip;
import dev.clipstream.tokenizer.ClipTokenizer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-reference-server}: the bench's {@link ReferenceServer} in its own process, as the
 * product server runs in its own. Started by {@code bench}, not by people, hence hidden.
 */
@Command(
    name = "bench-reference-server",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "A plain grpc-java server around one model folder: the bench's latency floor.")
public final class ReferenceServerCommand implements Callable<Integer> {
  private static final int WARM_UP_IMAGES = 64;
  private static final int WARM_UP_TEXTS = 512;

  @Option(names = "--model", required = true, description = "Model folder.")
  Path model;

  @Option(names = "--port", required = true, description = "Loopback port.")
  int port;

  @Override
  public Integer call() throws Exception {
    ModelManifest manifest = ModelManifest.read(model);
    // TensorFlow chooses its thread counts, as serve does by default.
    try (SavedModelClip clip = SavedModelClip.load(model, RuntimeOptions.defaults())) {
      ClipPreprocessor preprocessor =
          new ClipPreprocessor(PreprocessOptions.clip(manifest.imageResolution()));
      ClipTokenizer tokenizer = ClipTokenizer.fromDirectory(model.resolve("tokenizer"));
      warmUp(clip, preprocessor, tokenizer);
      try (ReferenceServer server =
          ReferenceServer.start(
              port, model.getFileName().toString(), clip, clip, preprocessor, tokenizer)) {
        System.out.println("reference server on port " + server.port());
        server.awaitTermination();
      }
    }
    return 0;
  }

  /**
   * The warm-up {@code serve} does before it says SERVING, by its defaults: both towers at batch
   * sizes 1 and 4, 64 images preprocessed and 512 captions tokenized, so that neither server meets
   * its first measured calls with cold code.
   */
  private static void warmUp(
      SavedModelClip clip, ClipPreprocessor preprocessor, ClipTokenizer tokenizer)
      throws ImageDecodeException {
    int pixels = 3 * clip.imageResolution() * clip.imageResolution();
    int context = clip.contextLength();
    for (int batch : new int[] {1, 4}) {
      clip.encodeImages(new float[batch * pixels], batch);
      int[] ids = new int[batch * context];
      for (int i = 0; i < batch; i++) {
        System.arraycopy(tokenizer.encode("a photo").ids(), 0, ids, i * context, context);
      }
      clip.encodeTexts(ids, batch);
    }
    float[] buffer = new float[pixels];
    for (int i = 0; i < WARM_UP_IMAGES; i++) {
      preprocessor.preprocessInto(SyntheticImages.jpeg(640, 480, i % 4), buffer, 0);
    }
    for (String caption : RawBench.captions(WARM_UP_TEXTS)) {
      tokenizer.encode(caption);
    }
  }
}
