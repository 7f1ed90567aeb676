package dev.clipstream.export.train;

import dev.clipstream.export.CheckpointException;
import dev.clipstream.export.ClipExporter;
import dev.clipstream.export.ClipParameters;
import dev.clipstream.export.InMemoryWeights;
import dev.clipstream.export.ParameterSpec;
import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.ModelManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes trained weights as a servable model folder through the exporter's own code path ({@link
 * ClipExporter}): the same graph, signatures and {@code model.json}, marked {@code "random":
 * false}.
 */
public final class TrainedModelWriter {
  private TrainedModelWriter() {}

  /** Adapts trained weights to the exporter's weight source. */
  public static InMemoryWeights asWeightSource(
      String description, ClipConfig config, Map<String, WeightTensor> weights) {
    List<ParameterSpec> specs = ClipParameters.of(config);
    Map<String, float[]> values = new LinkedHashMap<>();
    for (ParameterSpec s : specs) {
      WeightTensor w = weights.get(s.key());
      if (w != null) {
        values.put(s.key(), w.data());
      }
    }
    return new InMemoryWeights(description, specs, values);
  }

  /** Reads every parameter of {@code config} from the exporter's weight source. */
  public static Map<String, WeightTensor> fromWeightSource(
      ClipConfig config, dev.clipstream.export.WeightSource source)
      throws IOException, CheckpointException {
    Map<String, WeightTensor> out = new LinkedHashMap<>();
    for (ParameterSpec s : ClipParameters.of(config)) {
      out.put(s.key(), new WeightTensor(s.shape(), source.read(s)));
    }
    return out;
  }

  /**
   * Writes the model folder {@code out} (absent or empty).
   *
   * @param tokenizerFiles {@code vocab.json} and {@code merges.txt} (or a BPE gz) of the model
   */
  public static ModelManifest write(
      Path out,
      String name,
      String version,
      ClipConfig config,
      Map<String, WeightTensor> weights,
      List<Path> tokenizerFiles,
      Consumer<String> log)
      throws IOException, CheckpointException {
    return ClipExporter.export(
        new ClipExporter.Request(
            name,
            version,
            config,
            asWeightSource("trained weights", config, weights),
            null,
            false,
            tokenizerFiles,
            out,
            2,
            1),
        log);
  }
}
