package dev.clipstream.runtime;

/**
 * TensorFlow session settings.
 *
 * <p>TF's intra-op and inter-op thread pools are process-wide and fixed by the first session the
 * process creates; later ConfigProtos cannot resize them. Every session we create therefore gets
 * the same options, and the first one decides.
 *
 * @param intraOpThreads threads one op may use (e.g. a MatMul); 0 = one per core
 * @param interOpThreads ops run concurrently; 0 = one per core
 */
public record RuntimeOptions(int intraOpThreads, int interOpThreads) {
  public RuntimeOptions {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
    }
    if (interOpThreads < 0) {
      throw new IllegalArgumentException("interOpThreads must be >= 0, got " + interOpThreads);
    }
  }

  /** TF's defaults: one thread per core in each pool. */
  public static RuntimeOptions defaults() {
    return new RuntimeOptions(0, 0);
  }
}
