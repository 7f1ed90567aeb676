package dev.clipstream.cli;

import dev.clipstream.config.ClipServerConfig;
import dev.clipstream.model.ModelManifest;
import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.PreprocessOptions;
import dev.clipstream.runtime.RuntimeOptions;
import dev.clipstream.runtime.SavedModelClip;
import dev.clipstream.service.ClipImagePreparer;
import dev.clipstream.service.ClipTextPreparer;
import dev.clipstream.service.ModelDescriptor;
import dev.clipstream.service.ServedModel;
import dev.clipstream.tokenizer.ClipTokenizer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The product's model source: every folder under {@code clip.models.dir} holding a model.json is
 * loaded into TensorFlow (or the folder itself, when it is one model). A model is served under its
 * folder's name, like a TF Serving / Triton model repository.
 */
@ApplicationScoped
public class FolderModelSource implements ModelSource {
  private static final Logger LOG = Logger.getLogger(FolderModelSource.class);

  @Inject ClipServerConfig config;

  private final List<SavedModelClip> opened = new CopyOnWriteArrayList<>();

  @Override
  public List<ServedModel> loadAll() throws IOException {
    Path root = config.models().dir().toAbsolutePath();
    List<ServedModel> models = new ArrayList<>();
    for (Path folder : modelFolders(root)) {
      long start = System.nanoTime();
      models.add(load(folder));
      LOG.infof("loaded %s in %d ms", folder, (System.nanoTime() - start) / 1_000_000);
    }
    return models;
  }

  /** The model folders under {@code root}, sorted by name; {@code root} alone if it is one. */
  static List<Path> modelFolders(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("clip.models.dir " + root + " is not a directory");
    }
    if (Files.isRegularFile(root.resolve(ModelManifest.FILE_NAME))) {
      return List.of(root);
    }
    try (Stream<Path> children = Files.list(root)) {
      return children
          .filter(p -> Files.isRegularFile(p.resolve(ModelManifest.FILE_NAME)))
          .sorted()
          .toList();
    }
  }

  private ServedModel load(Path folder) throws IOException {
    ModelManifest manifest = ModelManifest.read(folder);
    var runtime = config.runtime();
    SavedModelClip clip =
        SavedModelClip.load(
            folder, new RuntimeOptions(runtime.intraOpThreads(), runtime.interOpThreads()));
    opened.add(clip);
    ClipTokenizer tokenizer = ClipTokenizer.fromDirectory(folder.resolve("tokenizer"));
    var limits = config.limits();
    ClipPreprocessor preprocessor =
        new ClipPreprocessor(
            new PreprocessOptions(
                manifest.imageResolution(),
                manifest.mean(),
                manifest.std(),
                limits.maxPixels(),
                limits.maxImageBytes()));
    ModelDescriptor descriptor =
        new ModelDescriptor(
            folder.getFileName().toString(),
            manifest.version(),
            manifest.embedDim(),
            manifest.imageResolution(),
            manifest.contextLength(),
            (float) manifest.logitScale(),
            manifest.random(),
            manifest.sourceSha256(),
            manifest.exporterVersion());
    return new ServedModel(
        descriptor,
        clip,
        clip,
        new ClipImagePreparer(preprocessor),
        new ClipTextPreparer(tokenizer, manifest.contextLength()));
  }

  @PreDestroy
  void close() {
    opened.forEach(SavedModelClip::close);
  }
}
