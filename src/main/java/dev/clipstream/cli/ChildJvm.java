package dev.clipstream.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for child JVMs started by this one (the bench's server and export, tests). */
public final class ChildJvm {
  private static final String JAVACPP_CACHE_DIR = "org.bytedeco.javacpp.cachedir";
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private ChildJvm() {}

  /**
   * The start of a child's command line: this JVM's {@code java}; the Vector API module when this
   * JVM has it, so that the child resizes images the same way (the bench holds its server to the
   * limit it measures in process); then {@code jvmOptions}; then this JVM's JavaCPP cache folder
   * when one is set, so TensorFlow's natives (hundreds of MB) are unpacked once rather than by
   * every child. Callers append the main class or {@code -jar}.
   */
  public static List<String> command(List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()) {
      command.add("--add-modules");
      command.add(VECTOR_MODULE);
    }
    command.addAll(jvmOptions);
    String cache = System.getProperty(JAVACPP_CACHE_DIR);
    if (cache != null) {
      command.add("-D" + JAVACPP_CACHE_DIR + "=" + cache);
    }
    return command;
  }
}
