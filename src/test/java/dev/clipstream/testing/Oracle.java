package dev.clipstream.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the public CLIP oracle ({@code ../shared/clip-oracle}, or {@code CLIP_ORACLE_DIR}). Tests
 * that need it call {@link #dir()}, which skips them with a message when it is absent.
 */
public final class Oracle {
  private Oracle() {}

  /** The oracle folder, or a skipped test saying where it was looked for. */
  public static Path dir() {
    Path dir = locate();
    Assumptions.assumeTrue(
        Files.isRegularFile(dir.resolve("golden.json")),
        "CLIP oracle not found at "
            + dir.toAbsolutePath()
            + " (set CLIP_ORACLE_DIR); skipping oracle test");
    return dir;
  }

  /** Where the oracle is expected, whether or not it exists. */
  public static Path locate() {
    String env = System.getenv("CLIP_ORACLE_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String prop = System.getProperty("clip.oracle.dir");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    return Path.of("..", "shared", "clip-oracle");
  }
}
