package dev.clipstream.export.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws random scenes. Pure function of the random source: the same seed gives the same scene, on
 * any machine.
 */
public final class SceneSampler {
  /** Probability that a scene holds two objects instead of one. */
  private final double twoObjectProbability;

  public SceneSampler(double twoObjectProbability) {
    if (!(twoObjectProbability >= 0 && twoObjectProbability <= 1)) {
      throw new IllegalArgumentException(
          "twoObjectProbability must be in [0,1], got " + twoObjectProbability);
    }
    this.twoObjectProbability = twoObjectProbability;
  }

  /** A scene with one object of the given colour and shape (used for zero-shot evaluation). */
  public Scene single(SplittableRandom random, Colour colour, ShapeKind shape) {
    SizeClass size = pick(random, SizeClass.values());
    double r = uniform(random, size.minRadius(), size.maxRadius());
    SceneObject object = object(random, colour, shape, size, r, place(random, r), place(random, r));
    return scene(random, List.of(object));
  }

  /** A random scene of one or two objects. */
  public Scene sample(SplittableRandom random) {
    if (random.nextDouble() >= twoObjectProbability) {
      return single(random, pick(random, Colour.values()), pick(random, ShapeKind.values()));
    }
    boolean horizontal = random.nextBoolean();
    List<SceneObject> objects = new ArrayList<>(2);
    Colour firstColour = pick(random, Colour.values());
    ShapeKind firstShape = pick(random, ShapeKind.values());
    Colour secondColour;
    ShapeKind secondShape;
    do {
      secondColour = pick(random, Colour.values());
      secondShape = pick(random, ShapeKind.values());
    } while (secondColour == firstColour && secondShape == firstShape);
    for (int i = 0; i < 2; i++) {
      SizeClass size = random.nextBoolean() ? SizeClass.SMALL : SizeClass.MEDIUM;
      double r = uniform(random, size.minRadius(), Math.min(size.maxRadius(), 0.23));
      // Each object stays in its own half so that the two never overlap.
      double lo = i == 0 ? r + 0.02 : 0.5 + r;
      double hi = i == 0 ? 0.5 - r : 0.98 - r;
      double along = hi > lo ? uniform(random, lo, hi) : (lo + hi) / 2;
      double across = place(random, r);
      objects.add(
          object(
              random,
              i == 0 ? firstColour : secondColour,
              i == 0 ? firstShape : secondShape,
              size,
              r,
              horizontal ? along : across,
              horizontal ? across : along));
    }
    return scene(random, objects);
  }

  private static SceneObject object(
      SplittableRandom random,
      Colour colour,
      ShapeKind shape,
      SizeClass size,
      double radius,
      double cx,
      double cy) {
    double rotation = shape.rotates() ? uniform(random, -Math.PI, Math.PI) : 0;
    if (random.nextDouble() < 0.3) {
      rotation = uniform(random, -0.15, 0.15); // upright shapes are common in other people's art
    }
    boolean outline = random.nextDouble() < 0.12;
    return new SceneObject(
        colour,
        shape,
        size,
        cx,
        cy,
        radius,
        rotation,
        jitter(random, colour.rgb(), 18),
        outline,
        uniform(random, 0.03, 0.06));
  }

  private static Scene scene(SplittableRandom random, List<SceneObject> objects) {
    Background background = pick(random, Background.values());
    return new Scene(objects, background, style(random, background));
  }

  private static RenderStyle style(SplittableRandom random, Background background) {
    int first = backgroundColour(random, background);
    int second = backgroundColour(random, background);
    double noise = random.nextDouble() < 0.5 ? 0 : uniform(random, 0, 6);
    if (background == Background.NOISY) {
      noise = uniform(random, 14, 36);
    }
    int supersample = random.nextDouble() < 0.5 ? 1 : random.nextDouble() < 0.6 ? 2 : 3;
    double u = random.nextDouble();
    int blur = u < 0.7 ? 0 : u < 0.95 ? 1 : 2;
    int jpeg = random.nextDouble() < 0.6 ? 0 : random.nextInt(35, 96);
    return new RenderStyle(
        first,
        second,
        uniform(random, 0, 2 * Math.PI),
        noise,
        random.nextDouble() < 0.7,
        supersample,
        blur,
        jpeg,
        random.nextLong());
  }

  /**
   * A background colour for the kind: near-neutral, so that it is never mistaken for an object's
   * colour name.
   */
  private static int backgroundColour(SplittableRandom random, Background background) {
    int level =
        switch (background) {
          case WHITE -> random.nextInt(232, 256);
          case GREY -> random.nextInt(105, 175);
          case BLACK -> random.nextInt(0, 36);
          case TINTED, GRADIENT ->
              random.nextDouble() < 0.75 ? random.nextInt(170, 250) : random.nextInt(20, 90);
          case NOISY -> random.nextInt(80, 200);
        };
    int tint = background == Background.TINTED || background == Background.GRADIENT ? 22 : 4;
    return jitter(random, (level << 16) | (level << 8) | level, tint);
  }

  static int jitter(SplittableRandom random, int rgb, int amount) {
    int r = clamp(((rgb >> 16) & 255) + random.nextInt(-amount, amount + 1));
    int g = clamp(((rgb >> 8) & 255) + random.nextInt(-amount, amount + 1));
    int b = clamp((rgb & 255) + random.nextInt(-amount, amount + 1));
    return (r << 16) | (g << 8) | b;
  }

  static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  private static double place(SplittableRandom random, double radius) {
    double lo = radius + 0.02;
    double hi = 0.98 - radius;
    return hi > lo ? uniform(random, lo, hi) : 0.5;
  }

  static double uniform(SplittableRandom random, double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  static <T> T pick(SplittableRandom random, T[] values) {
    return values[random.nextInt(values.length)];
  }
}
