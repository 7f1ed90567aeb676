package dev.clipstream.export;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Weights held in memory, by OpenAI key: e.g. the variables of a trained graph. */
public final class InMemoryWeights implements WeightSource {
  private final String description;
  private final Map<String, long[]> shapes = new LinkedHashMap<>();
  private final Map<String, float[]> values;

  public InMemoryWeights(
      String description, List<ParameterSpec> specs, Map<String, float[]> values) {
    this.description = description;
    for (ParameterSpec s : specs) {
      shapes.put(s.key(), s.shape());
    }
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The values by key (not copied: callers must not modify them). */
  public Map<String, float[]> values() {
    return values;
  }

  @Override
  public float[] read(ParameterSpec spec) throws CheckpointException {
    float[] v = values.get(spec.key());
    if (v == null) {
      throw new CheckpointException("missing key '" + spec.key() + "' in " + description);
    }
    long[] have = shapes.get(spec.key());
    if (have != null && !Arrays.equals(have, spec.shape()) || v.length != spec.size()) {
      throw new CheckpointException(
          "shape mismatch for '"
              + spec.key()
              + "': "
              + description
              + " has "
              + (have == null ? v.length + " values" : Arrays.toString(have))
              + ", the architecture needs "
              + Arrays.toString(spec.shape()));
    }
    return v;
  }

  @Override
  public String describe() {
    return description;
  }
}
