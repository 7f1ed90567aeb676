package dev.clipstream.export.synth;

/** Background styles. Plain backgrounds have a colour name that captions may mention. */
public enum Background {
  WHITE("white"),
  GREY("grey"),
  BLACK("black"),
  TINTED("plain"),
  GRADIENT("gradient"),
  NOISY("noisy");

  private final String word;

  Background(String word) {
    this.word = word;
  }

  /** The caption word, used as "on a {word} background". */
  public String word() {
    return word;
  }
}
