package dev.clipstream.export.synth;

import java.util.List;
import java.util.Objects;

/**
 * A generated scene: what is in the image (objects, background) and how it is drawn (style).
 *
 * @param objects one or two objects, left to right or top to bottom
 * @param background background style
 * @param style rendering parameters (colours of the background, anti-aliasing, noise, JPEG, ...)
 */
public record Scene(List<SceneObject> objects, Background background, RenderStyle style) {
  public Scene {
    objects = List.copyOf(objects);
    if (objects.isEmpty() || objects.size() > 2) {
      throw new IllegalArgumentException("a scene holds 1 or 2 objects, got " + objects.size());
    }
    Objects.requireNonNull(background, "background");
    Objects.requireNonNull(style, "style");
  }
}
