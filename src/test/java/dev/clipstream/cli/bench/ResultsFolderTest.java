package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFolderTest {
  @TempDir Path tmp;

  @Test
  void anAbsentOrEmptyFolderIsUsedAsNamed() throws Exception {
    Path wanted = tmp.resolve("2026-11-29-vm");
    assertEquals(wanted, ResultsFolder.fresh(wanted));
    Files.createDirectories(wanted);
    assertEquals(wanted, ResultsFolder.fresh(wanted));
  }

  @Test
  void aFolderHoldingAnEarlierRunsFilesIsNeverWrittenInto() throws Exception {
    Path wanted = tmp.resolve("2026-11-29-vm");
    Files.createDirectories(wanted);
    Files.writeString(wanted.resolve("vit-b-32-random-image-latency.png"), "earlier run");
    assertEquals(tmp.resolve("2026-11-29-vm-2"), ResultsFolder.fresh(wanted));
    Files.createDirectories(tmp.resolve("2026-11-29-vm-2"));
    Files.writeString(tmp.resolve("2026-11-29-vm-2").resolve("summary.json"), "{}");
    assertEquals(tmp.resolve("2026-11-29-vm-3"), ResultsFolder.fresh(wanted));
  }

  @Test
  void aFileInTheFolderPlaceIsSkippedToo() throws Exception {
    Path wanted = tmp.resolve("results");
    Files.writeString(wanted, "not a folder");
    assertEquals(tmp.resolve("results-2"), ResultsFolder.fresh(wanted));
  }
}
