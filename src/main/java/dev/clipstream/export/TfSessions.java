package dev.clipstream.export;

import org.tensorflow.proto.ConfigProto;

/**
 * Session settings for export and training. TF's thread pools are process-wide and fixed by the
 * first session created, so every session of the process gets the same ConfigProto.
 */
public final class TfSessions {
  private TfSessions() {}

  /**
   * A ConfigProto with the given pool sizes; 0 lets TF choose (one thread per core).
   *
   * @throws IllegalArgumentException when a count is negative
   */
  public static ConfigProto config(int intraOpThreads, int interOpThreads) {
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException(
          "thread counts must be >= 0, got intraOpThreads="
              + intraOpThreads
              + ", interOpThreads="
              + interOpThreads);
    }
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOpThreads)
        .setInterOpParallelismThreads(interOpThreads)
        .build();
  }
}
