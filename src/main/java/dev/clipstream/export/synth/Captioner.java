package dev.clipstream.export.synth;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a caption for a scene from varied templates. Every caption is true of its scene: sizes,
 * backgrounds and left/right or above/below relations are only mentioned when they hold.
 */
public final class Captioner {
  private Captioner() {}

  /** A random true caption of the scene. */
  public static String caption(Scene scene, SplittableRandom random) {
    boolean properArticles = random.nextDouble() < 0.7;
    List<SceneObject> objects = scene.objects();
    if (objects.size() == 1) {
      return single(objects.get(0), scene.background(), random, properArticles);
    }
    return pair(objects.get(0), objects.get(1), random, properArticles);
  }

  /** The zero-shot prompt for a colour and shape, exactly as the acceptance test words it. */
  public static String prompt(Colour colour, ShapeKind shape) {
    return "a photo of a " + colour.word() + " " + shape.word();
  }

  private static String single(
      SceneObject o, Background background, SplittableRandom random, boolean proper) {
    String n = o.noun();
    String sized = o.size().word() + " " + n;
    String bg = background.word();
    return switch (random.nextInt(14)) {
      case 0, 1, 2 -> "a photo of " + article(n, proper) + n;
      case 3 -> article(n, proper) + n;
      case 4 -> article(sized, proper) + sized;
      case 5 -> article(n, proper) + n + " on " + article(bg, proper) + bg + " background";
      case 6 -> article(sized, proper) + sized + " on " + article(bg, proper) + bg + " background";
      case 7 -> "a picture of " + article(n, proper) + n;
      case 8 -> "a drawing of " + article(n, proper) + n;
      case 9 -> "an image of " + article(n, proper) + n;
      case 10 -> "a photo of " + article(sized, proper) + sized;
      case 11 -> n;
      case 12 -> "a " + o.shape().word() + " that is " + o.colour().word();
      default -> "one " + n;
    };
  }

  private static String pair(
      SceneObject first, SceneObject second, SplittableRandom random, boolean proper) {
    boolean horizontal =
        Math.abs(first.centreX() - second.centreX()) > Math.abs(first.centreY() - second.centreY());
    String a = first.noun();
    String b = second.noun();
    if (random.nextBoolean()) { // order does not matter for "and"
      String t = a;
      a = b;
      b = t;
    }
    String an = article(a, proper) + a;
    String bn = article(b, proper) + b;
    String firstN = article(first.noun(), proper) + first.noun();
    String secondN = article(second.noun(), proper) + second.noun();
    return switch (random.nextInt(7)) {
      case 0, 1 -> an + " and " + bn;
      case 2 -> "a photo of " + an + " and " + bn;
      case 3 -> an + " next to " + bn;
      case 4 -> horizontal ? firstN + " to the left of " + secondN : firstN + " above " + secondN;
      case 5 -> horizontal ? secondN + " to the right of " + firstN : secondN + " below " + firstN;
      default -> "two shapes: " + an + " and " + bn;
    };
  }

  private static String article(String next, boolean proper) {
    boolean vowel = "aeiou".indexOf(next.charAt(0)) >= 0;
    return proper && vowel ? "an " : "a ";
  }
}
