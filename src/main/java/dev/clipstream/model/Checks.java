package dev.clipstream.model;

/** Argument checks whose messages name the bad value. */
final class Checks {
  private Checks() {}

  static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
