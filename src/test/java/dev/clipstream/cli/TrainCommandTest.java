package dev.clipstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  @TempDir Path tmp;

  private int run(ByteArrayOutputStream err, String... args) {
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true));
    try {
      return ClipMain.run(args);
    } finally {
      System.setErr(old);
    }
  }

  @Test
  void refusesABadManifestNamingTheLine() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(
        data.resolve("manifest.jsonl"), "{\"image\": \"missing.png\", \"caption\": \"x\"}\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(err, "train", "--data", data.toString(), "--out", tmp.resolve("out").toString());
    assertEquals(2, code);
    assertTrue(
        err.toString().contains("line 1") && err.toString().contains("not found"), err.toString());
  }

  @Test
  void trainsATestPresetAndWritesAModelFolderCheckpointAndLossCurve() throws Exception {
    Path data = tmp.resolve("data");
    assertEquals(
        0, ClipMain.run("synth", "--out", data.toString(), "--count", "24", "--size", "32"));
    Path out = tmp.resolve("out");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        run(
            err,
            "train",
            "--preset",
            "test",
            "--data",
            data.toString(),
            "--out",
            out.toString(),
            "--steps",
            "3",
            "--batch-size",
            "8",
            "--threads",
            "1");
    assertEquals(0, code, err.toString());
    assertTrue(Files.readString(out.resolve("model/model.json")).contains("\"random\" : false"));
    assertTrue(Files.isRegularFile(out.resolve("model/tokenizer/vocab.json")));
    assertTrue(Files.isRegularFile(out.resolve("checkpoint/model.safetensors")));
    assertTrue(Files.isRegularFile(out.resolve("loss.png")));
    assertEquals(4, Files.readAllLines(out.resolve("train-log.csv")).size());
  }
}
