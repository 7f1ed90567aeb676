package dev.clipstream.export.synth;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

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

  /**
   * What the scene shows, independent of caption wording: its objects' nouns, sorted, joined by
   * {@code " and "} (e.g. {@code "green square and red circle"}). Training treats pairs with the
   * same concept as positives of each other, so two red circles captioned differently are not
   * pushed apart.
   */
  public String concept() {
    return objects.stream().map(SceneObject::noun).sorted().collect(Collectors.joining(" and "));
  }
}
