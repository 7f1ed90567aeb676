package dev.clipstream.export.synth;

import java.util.Locale;

/** How large an object is relative to the image; captions may say "small" or "large". */
public enum SizeClass {
  SMALL(0.12, 0.18),
  MEDIUM(0.20, 0.28),
  LARGE(0.31, 0.42);

  private final double minRadius;
  private final double maxRadius;

  SizeClass(double minRadius, double maxRadius) {
    this.minRadius = minRadius;
    this.maxRadius = maxRadius;
  }

  /** Smallest radius as a fraction of the image side. */
  public double minRadius() {
    return minRadius;
  }

  /** Largest radius as a fraction of the image side. */
  public double maxRadius() {
    return maxRadius;
  }

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
