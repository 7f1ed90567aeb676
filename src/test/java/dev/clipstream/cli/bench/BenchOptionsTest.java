package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.cli.ClipMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchOptionsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({
    "--rounds, 0, --rounds must be >= 1, got 0",
    "--max-batch, 0, --max-batch must be >= 1, got 0",
    "--seconds, 0, --seconds must be > 0, got 0.0",
    "--warmup, -1, --warmup must be >= 0, got -1.0",
    "--soak-minutes, -2, --soak-minutes must be >= 0, got -2.0",
    "--concurrency, '4,0', '--concurrency must list levels >= 1, got [4, 0]'",
  })
  void aValueNoMeasurementCanRunWithIsAUsageErrorBeforeAnythingRuns(
      String option, String value, String message) {
    Path out = tmp.resolve("results");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = ClipMain.run("bench", option + "=" + value, "--out", out.toString());
    } finally {
      System.setErr(originalErr);
    }

    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains(message), err::toString);
    assertFalse(Files.exists(out), "no results folder for a run that never started");
  }
}
