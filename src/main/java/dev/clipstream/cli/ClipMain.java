package dev.clipstream.cli;

import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * The one executable. Tools ({@code tokenize}, {@code preprocess}, {@code export}, …) run as plain
 * Java without starting Quarkus, so they never bind ports and can run beside a live server; only
 * {@code serve} boots the Quarkus application.
 */
@QuarkusMain
public final class ClipMain {
  private ClipMain() {}

  public static void main(String... args) {
    NativeMemoryDefaults.apply(System.getProperties());
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code; tests call this instead of {@link #main}. */
  public static int run(String... args) {
    return new CommandLine(new ClipCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .execute(args);
  }
}
