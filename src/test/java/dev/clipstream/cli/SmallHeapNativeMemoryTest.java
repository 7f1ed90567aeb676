package dev.clipstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model's native memory is not bounded by the Java heap. JavaCPP's default caps the process's
 * resident memory at four times {@code -Xmx} and fails every native allocation above it, so a
 * server run with a small heap and a large model failed every batch. This runs the executable in a
 * child JVM whose heap (24 MiB, a 96 MiB cap) is far below what TensorFlow needs for the default
 * model, as {@code -Xmx512m} is below what vit-b-32 needs under load. (With that cap set explicitly
 * embed fails: "physicalBytes (100064K) > maxPhysicalBytes (98304K)". 16 MiB, used before the child
 * got the Vector API module, now runs out of Java heap while loading classes.)
 */
class SmallHeapNativeMemoryTest {
  @TempDir Path tmp;

  @Test
  void theDefaultModelEmbedsWithAHeapFarSmallerThanItsNativeMemory() throws Exception {
    Path log = tmp.resolve("embed.log");
    Process process =
        new ProcessBuilder(command("-Xmx24m", "--text", "a blue star"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(exited, "embed did not finish within 120 s:\n" + output);
    assertEquals(0, process.exitValue(), "embed failed:\n" + output);
    assertTrue(
        output.lines().anyMatch(l -> l.startsWith("{\"type\":\"text\"") && l.contains("embedding")),
        "no text embedding in:\n" + output);
  }

  private static List<String> command(String heap, String... embedArgs) {
    List<String> command = ChildJvm.command(List.of(heap));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClipMain.class.getName()));
    command.addAll(List.of("embed", "--model", Path.of("models/shapes-vit-tiny").toString()));
    command.addAll(List.of(embedArgs));
    return command;
  }
}
