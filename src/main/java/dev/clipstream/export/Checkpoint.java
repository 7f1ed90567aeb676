package dev.clipstream.export;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A CLIP checkpoint seen through OpenAI's key names, whatever naming it was saved with. Tensors are
 * read on demand (see {@link LazyTensor}), so a 600 MB checkpoint is never held twice.
 */
public final class Checkpoint implements WeightSource {
  /** The key-naming convention of a checkpoint. */
  public enum Naming {
    /** OpenAI's {@code clip.model.CLIP} state dict (also open_clip). */
    OPENAI,
    /** Hugging Face {@code transformers.CLIPModel}. */
    HUGGING_FACE
  }

  /** A tensor whose values are read (and renamed, split, concatenated or transposed) when asked. */
  public interface LazyTensor {
    long[] shape();

    float[] read() throws IOException, CheckpointException;

    /** Where the values come from, e.g. the Hugging Face key names. */
    String origin();
  }

  /** Keys that carry no weights and are ignored in any checkpoint. */
  private static final Set<String> IGNORED =
      Set.of(
          "input_resolution",
          "context_length",
          "vocab_size",
          "text_model.embeddings.position_ids",
          "vision_model.embeddings.position_ids");

  private final String source;
  private final Naming naming;
  private final Map<String, LazyTensor> tensors;

  Checkpoint(String source, Naming naming, Map<String, LazyTensor> tensors) {
    this.source = source;
    this.naming = naming;
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  /** Opens a safetensors checkpoint, detects its naming and maps it to OpenAI names. */
  public static Checkpoint open(SafeTensors file) throws CheckpointException {
    Map<String, SafeTensors.Entry> entries = new LinkedHashMap<>(file.entries());
    entries.keySet().removeIf(IGNORED::contains);
    rejectUnsupportedArchitecture(entries.keySet());
    Naming naming = detectNaming(entries.keySet());
    Map<String, LazyTensor> raw = new LinkedHashMap<>();
    for (SafeTensors.Entry e : entries.values()) {
      raw.put(e.name(), fileTensor(file, e));
    }
    Map<String, LazyTensor> openAi =
        naming == Naming.OPENAI ? raw : HuggingFaceNames.toOpenAi(raw, file.file().toString());
    return new Checkpoint(file.file().toString(), naming, openAi);
  }

  static Naming detectNaming(Set<String> keys) throws CheckpointException {
    boolean hf =
        keys.stream().anyMatch(k -> k.startsWith("vision_model.") || k.startsWith("text_model."));
    boolean openAi =
        keys.stream().anyMatch(k -> k.startsWith("visual.") || k.startsWith("transformer."));
    if (hf && openAi) {
      throw new CheckpointException(
          "checkpoint mixes Hugging Face (vision_model.*) and OpenAI (visual.*) key names");
    }
    if (hf) {
      return Naming.HUGGING_FACE;
    }
    if (openAi) {
      return Naming.OPENAI;
    }
    throw new CheckpointException(
        "not a CLIP checkpoint: no visual.* (OpenAI) or vision_model.* (Hugging Face) keys among "
            + first(keys));
  }

  private static void rejectUnsupportedArchitecture(Set<String> keys) throws CheckpointException {
    for (String k : keys) {
      if (k.startsWith("visual.layer1") || k.startsWith("visual.attnpool")) {
        throw new CheckpointException(
            "ResNet CLIP is not supported (found key '"
                + k
                + "'); only Vision Transformer CLIP models (ViT-B/32, ViT-B/16, ViT-L/14, ...)"
                + " can be exported");
      }
    }
    if (!keys.isEmpty()
        && keys.stream().noneMatch(k -> k.contains("conv1.weight") || k.contains("patch_embedding"))
        && keys.stream()
            .anyMatch(k -> k.startsWith("visual.trunk") || k.startsWith("visual.head"))) {
      throw new CheckpointException(
          "unsupported architecture: timm-tower CLIP (visual.trunk.*) is not supported");
    }
  }

  private static String first(Set<String> keys) {
    return new TreeSet<>(keys).stream().limit(5).toList().toString();
  }

  private static LazyTensor fileTensor(SafeTensors file, SafeTensors.Entry e) {
    return new LazyTensor() {
      @Override
      public long[] shape() {
        return e.shape();
      }

      @Override
      public float[] read() throws IOException, CheckpointException {
        return file.readFloats(e.name());
      }

      @Override
      public String origin() {
        return e.name();
      }
    };
  }

  public Naming naming() {
    return naming;
  }

  /** Tensors by OpenAI key. */
  public Map<String, LazyTensor> tensors() {
    return tensors;
  }

  /** Shape of an OpenAI key, or null when absent. */
  public long[] shapeOf(String key) {
    LazyTensor t = tensors.get(key);
    return t == null ? null : t.shape();
  }

  /**
   * Checks that the checkpoint holds exactly the parameters of an architecture: every key present
   * with the right shape and nothing unexpected (which would mean a wrong layer count or an
   * unsupported variant).
   */
  public void checkMatches(List<ParameterSpec> specs) throws CheckpointException {
    Set<String> unexpected = new TreeSet<>(tensors.keySet());
    for (ParameterSpec spec : specs) {
      checkShape(spec);
      unexpected.remove(spec.key());
    }
    if (!unexpected.isEmpty()) {
      throw new CheckpointException(
          "unexpected keys in "
              + source
              + " for the configured architecture (wrong layer count or unsupported variant?): "
              + unexpected.stream().limit(10).toList()
              + (unexpected.size() > 10 ? " and " + (unexpected.size() - 10) + " more" : ""));
    }
  }

  private LazyTensor checkShape(ParameterSpec spec) throws CheckpointException {
    LazyTensor t = tensors.get(spec.key());
    if (t == null) {
      String hint =
          naming == Naming.HUGGING_FACE
              ? " (Hugging Face: " + HuggingFaceNames.hfNameOf(spec.key()) + ")"
              : "";
      throw new CheckpointException("missing key '" + spec.key() + "'" + hint + " in " + source);
    }
    if (!Arrays.equals(t.shape(), spec.shape())) {
      throw new CheckpointException(
          "shape mismatch for '"
              + spec.key()
              + "'"
              + (t.origin().equals(spec.key()) ? "" : " (from " + t.origin() + ")")
              + ": checkpoint has "
              + Arrays.toString(t.shape())
              + ", the architecture needs "
              + Arrays.toString(spec.shape()));
    }
    return t;
  }

  @Override
  public float[] read(ParameterSpec spec) throws IOException, CheckpointException {
    return checkShape(spec).read();
  }

  @Override
  public String describe() {
    return "checkpoint " + source + " (" + naming + " key names)";
  }
}
