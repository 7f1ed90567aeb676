package dev.clipstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.model.ModelManifest;
import dev.clipstream.testing.Oracle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
  @TempDir Path tmp;

  /** Runs the CLI and returns {exit code, stderr}. */
  static Object[] run(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int code = ClipMain.run(args);
      return new Object[] {code, buf.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(err);
    }
  }

  @Test
  void randomPresetExportWritesAModelFolderMarkedRandom() throws Exception {
    Path out = tmp.resolve("tiny");
    Object[] r = run("export", "--random", "--preset", "tiny", "--out", out.toString());
    assertEquals(0, r[0], (String) r[1]);
    ModelManifest m = ModelManifest.read(out);
    assertTrue(m.random());
    assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));
    assertTrue(((String) r[1]).contains("1,912,161 parameters"), (String) r[1]);
  }

  @Test
  void checkpointWithoutTokenizerNamesBothWaysToGiveOne() {
    Path oracle = Oracle.dir();
    Object[] r =
        run(
            "export",
            "--checkpoint",
            oracle.resolve("hf").toString(),
            "--out",
            tmp.resolve("x").toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[1]).contains("error: no tokenizer: pass --vocab"), (String) r[1]);
  }

  @Test
  void nonEmptyOutputFolderIsRefused() throws Exception {
    Files.writeString(tmp.resolve("keep.txt"), "mine");
    Object[] r = run("export", "--random", "--preset", "tiny", "--out", tmp.toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[1]).contains("is not empty"), (String) r[1]);
    assertEquals("mine", Files.readString(tmp.resolve("keep.txt")));
  }

  @Test
  void unknownPresetListsTheKnownOnes() {
    Object[] r =
        run("export", "--random", "--preset", "vit-h-14", "--out", tmp.resolve("y").toString());
    assertEquals(2, r[0]);
    assertTrue(
        ((String) r[1]).contains("known presets: tiny, vit-b-32, vit-b-16, vit-l-14"),
        (String) r[1]);
  }

  @Test
  void checkpointAndRandomAreExclusive() {
    Object[] r = run("export", "--out", tmp.resolve("z").toString());
    assertEquals(2, r[0]);
    assertTrue(
        ((String) r[1]).contains("either --checkpoint DIR or --random --preset P"), (String) r[1]);
  }
}
