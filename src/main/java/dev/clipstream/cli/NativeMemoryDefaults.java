package dev.clipstream.cli;

import java.util.Properties;

/**
 * Process-wide settings for the native libraries, applied before any of them loads.
 *
 * <p>JavaCPP (under TensorFlow-Java) caps the process's resident memory, less file-mapped pages, at
 * four times the Java heap ({@code maxPhysicalBytes}), checks it with a read of {@code
 * /proc/self/statm} under a global lock on every native allocation, and above it makes each
 * allocation call {@code System.gc()} and sleep 100 ms ten times before it throws {@code
 * OutOfMemoryError}. A model's weights and TensorFlow's buffers are not on the Java heap, so the
 * cap says nothing about them: with the recommended {@code -Xmx512m} a vit-b-32 server (about 1.6
 * GiB counted under load) sat some 400 MiB below the 2 GiB cap, and a larger model would fail every
 * batch. The bound on a server's memory is the container's limit; the heap is bounded by {@code
 * -Xmx}. An operator who sets the property keeps their value.
 */
final class NativeMemoryDefaults {
  static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

  /** JavaCPP also reads the lower-case spelling, which the camel-case one overrides. */
  static final String MAX_PHYSICAL_BYTES_LOWER = "org.bytedeco.javacpp.maxphysicalbytes";

  private NativeMemoryDefaults() {}

  /** Turns JavaCPP's physical-memory cap off unless the operator set it in either spelling. */
  static void apply(Properties system) {
    if (system.getProperty(MAX_PHYSICAL_BYTES) == null
        && system.getProperty(MAX_PHYSICAL_BYTES_LOWER) == null) {
      system.setProperty(MAX_PHYSICAL_BYTES, "0");
    }
  }
}
