package dev.clipstream.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where a run's results go: never into a folder that already holds files. A second run on the same
 * day wrote into the first one's folder, and files the second run does not write (another model's
 * plots and logs) stayed there looking like its own; run 13's folder held run 1's vit-b-32 plots.
 */
final class ResultsFolder {
  private ResultsFolder() {}

  /** {@code wanted} when it is absent or empty, else the first of wanted-2, wanted-3, … that is. */
  static Path fresh(Path wanted) throws IOException {
    Path candidate = wanted;
    for (int n = 2; isUsed(candidate); n++) {
      candidate = wanted.resolveSibling(wanted.getFileName() + "-" + n);
    }
    return candidate;
  }

  private static boolean isUsed(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return false;
    }
    if (!Files.isDirectory(folder)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.findAny().isPresent();
    }
  }
}
