package dev.clipstream.export;

import dev.clipstream.model.ModelManifest;
import dev.clipstream.model.Signatures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The weights of an existing model folder (ours), read from its SavedModel variables: the starting
 * point for fine-tuning, or for re-exporting under another name.
 */
public final class ModelFolderWeights implements WeightSource, AutoCloseable {
  private final Path dir;
  private final ModelManifest manifest;
  private final SavedModelBundle bundle;
  private final Map<String, long[]> shapes = new LinkedHashMap<>();

  private ModelFolderWeights(Path dir, ModelManifest manifest, SavedModelBundle bundle) {
    this.dir = dir;
    this.manifest = manifest;
    this.bundle = bundle;
    for (ParameterSpec s : ClipParameters.of(manifest.config())) {
      shapes.put(s.key(), s.shape());
    }
  }

  /** Opens {@code modelDir}; TF sessions get the given thread counts (0 = default). */
  public static ModelFolderWeights open(Path modelDir, int intraOpThreads, int interOpThreads)
      throws IOException {
    ModelManifest manifest = ModelManifest.read(modelDir);
    SavedModelBundle bundle;
    try {
      bundle =
          SavedModelBundle.loader(modelDir.toString())
              .withTags(Signatures.SERVE_TAG)
              .withConfigProto(TfSessions.config(intraOpThreads, interOpThreads))
              .load();
    } catch (RuntimeException e) {
      throw new IOException("TensorFlow cannot load " + modelDir + ": " + e.getMessage(), e);
    }
    return new ModelFolderWeights(modelDir, manifest, bundle);
  }

  /** The folder's manifest: its architecture and logit scale. */
  public ModelManifest manifest() {
    return manifest;
  }

  @Override
  public float[] read(ParameterSpec spec) throws CheckpointException {
    long[] have = shapes.get(spec.key());
    if (have == null) {
      throw new CheckpointException("missing key '" + spec.key() + "' in model folder " + dir);
    }
    if (!Arrays.equals(have, spec.shape())) {
      throw new CheckpointException(
          "shape mismatch for '"
              + spec.key()
              + "': model folder "
              + dir
              + " has "
              + Arrays.toString(have)
              + ", the architecture needs "
              + Arrays.toString(spec.shape()));
    }
    try (Result r = bundle.session().runner().fetch(spec.key()).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[Math.toIntExact(spec.size())];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    } catch (RuntimeException e) {
      throw new CheckpointException(
          "cannot read variable '" + spec.key() + "' of " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "model folder " + dir;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
