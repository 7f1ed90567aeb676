package dev.clipstream.preprocess;

/**
 * One thread's JPEG pixel buffer, handed to its next decode of the same size.
 *
 * <p>Why: a decoded 640×480 RGB image is 921,600 bytes. With {@code -Xmx512m} (any heap under 4
 * GiB) G1's regions are 1 MiB, and an array over half a region is humongous: it is allocated
 * straight into the old generation, and hundreds of them a second kept G1's concurrent marking
 * running back to back. A profile of {@code serve} under tiny-model image load put 6 % of its CPU
 * in G1's marking and remembered-set rebuilding, where the in-process limit, with the default heap
 * and 4 MiB regions, spent almost none. Video frames and most image streams come in one size, so
 * keeping the last buffer turns the allocation into a reuse.
 *
 * <p>Only for a caller that is done with the decoded pixels before its thread decodes again: {@link
 * ClipPreprocessor#crop} copies them into a new crop before it returns.
 */
final class DecodeBuffer {
  /**
   * The largest buffer kept: a 1920×1080 RGB frame (6.2 MB) and smaller. Larger images are rare and
   * are allocated each time, so that a thread never holds tens of MB for one odd request.
   */
  static final int MAX_HELD_BYTES = 8 << 20;

  private static final ThreadLocal<DecodeBuffer> OF_THREAD =
      ThreadLocal.withInitial(DecodeBuffer::new);

  private byte[] held;

  /** The calling thread's buffer. */
  static DecodeBuffer ofThisThread() {
    return OF_THREAD.get();
  }

  /**
   * An array of exactly {@code length} bytes, with stale contents: the one held when it has that
   * length, else a new one, held from now on unless it is larger than {@link #MAX_HELD_BYTES}.
   */
  byte[] take(int length) {
    if (held != null && held.length == length) {
      return held;
    }
    byte[] fresh = new byte[length];
    if (length <= MAX_HELD_BYTES) {
      held = fresh;
    }
    return fresh;
  }
}
