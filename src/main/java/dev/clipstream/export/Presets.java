package dev.clipstream.export;

import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.TextConfig;
import dev.clipstream.model.VisionConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** Named CLIP architectures, for random-weight exports and training from scratch. */
public final class Presets {
  private Presets() {}

  private static final Map<String, ClipConfig> PRESETS = new LinkedHashMap<>();

  static {
    double eps = ClipConfig.DEFAULT_LAYER_NORM_EPS;
    // The oracle's architecture: vision width 64 with 1 head, text width 32 with 2 heads.
    PRESETS.put(
        "tiny",
        new ClipConfig(
            32,
            new VisionConfig(64, 2, 1, 32, 224, 256),
            new TextConfig(32, 2, 2, 77, 49408, 128),
            eps));
    PRESETS.put(
        "vit-b-32",
        new ClipConfig(
            512,
            new VisionConfig(768, 12, 12, 32, 224, 3072),
            new TextConfig(512, 12, 8, 77, 49408, 2048),
            eps));
    PRESETS.put(
        "vit-b-16",
        new ClipConfig(
            512,
            new VisionConfig(768, 12, 12, 16, 224, 3072),
            new TextConfig(512, 12, 8, 77, 49408, 2048),
            eps));
    PRESETS.put(
        "vit-l-14",
        new ClipConfig(
            768,
            new VisionConfig(1024, 24, 16, 14, 224, 4096),
            new TextConfig(768, 12, 12, 77, 49408, 3072),
            eps));
  }

  /** The preset called {@code name}; the message lists the known names. */
  public static ClipConfig get(String name) {
    ClipConfig c = PRESETS.get(name);
    if (c == null) {
      throw new IllegalArgumentException(
          "unknown preset '" + name + "'; known presets: " + String.join(", ", PRESETS.keySet()));
    }
    return c;
  }

  /** Preset names, in order. */
  public static java.util.Set<String> names() {
    return PRESETS.keySet();
  }
}
