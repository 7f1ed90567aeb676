package dev.clipstream.export.synth;

import java.util.SplittableRandom;

/**
 * Disjoint seed spaces for the synthetic world. The test split is never trained on: its images come
 * from a different salt, so no test image's random stream equals any training image's.
 */
public enum SynthSplit {
  TRAIN(0x7A11_5EED_0000_0001L),
  TEST(0x7E57_5EED_0000_0002L);

  private final long salt;

  SynthSplit(long salt) {
    this.salt = salt;
  }

  /** The random source of image {@code index} of this split for a base seed. */
  public SplittableRandom random(long seed, long index) {
    return new SplittableRandom(mix(mix(salt ^ seed) + index));
  }

  /** SplitMix64's finaliser: spreads nearby inputs over the whole 64-bit space. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
