package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerLaunchTest {
  private final ServerLaunch launch =
      new ServerLaunch(
          Path.of("app.jar"),
          List.of("-Xmx512m"),
          Map.of("MALLOC_ARENA_MAX", "2"),
          Path.of("repo"),
          "vit-b-32",
          Map.of());

  @Test
  void theChildGetsTheJvmOptionsBeforeTheJarAndTheEnvironmentAdded() {
    ProcessBuilder builder = launch.processBuilder(9000, Path.of("serve.log"));
    List<String> command = builder.command();
    assertTrue(command.indexOf("-Xmx512m") < command.indexOf("-jar"), command.toString());
    assertTrue(command.contains("-Dclip.default-model=vit-b-32"), command.toString());
    assertEquals(
        List.of("-jar", "app.jar", "serve", "--models", "repo", "--port", "9000"),
        command.subList(command.indexOf("-jar"), command.size()));
    assertEquals("2", builder.environment().get("MALLOC_ARENA_MAX"));
    assertEquals(System.getenv("PATH"), builder.environment().get("PATH"));
  }

  @Test
  void theReferenceServerGetsTheSameJvmAndEnvironmentButNoServerConfig() {
    ProcessBuilder builder =
        launch
            .withConfig(Map.of("clip.batching.image.max-batch-size", "1"))
            .reference()
            .processBuilder(9000, Path.of("reference.log"));
    List<String> command = builder.command();
    assertTrue(command.indexOf("-Xmx512m") < command.indexOf("-jar"), command.toString());
    assertEquals(
        List.of(
            "-jar",
            "app.jar",
            "bench-reference-server",
            "--model",
            Path.of("repo", "vit-b-32").toString(),
            "--port",
            "9000"),
        command.subList(command.indexOf("-jar"), command.size()));
    assertTrue(command.stream().noneMatch(a -> a.startsWith("-Dclip.")), command.toString());
    assertEquals("2", builder.environment().get("MALLOC_ARENA_MAX"));
  }

  @Test
  void theChildResizesImagesAsThisJvmDoes() {
    List<String> command = launch.processBuilder(9000, Path.of("serve.log")).command();
    boolean here = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    int flag = command.indexOf("--add-modules");
    assertEquals(here, flag >= 0, command.toString());
    if (here) {
      assertEquals("jdk.incubator.vector", command.get(flag + 1));
      assertTrue(flag < command.indexOf("-jar"), command.toString());
    }
  }

  @Test
  void extraConfigBecomesSystemPropertiesAndKeepsTheRest() {
    List<String> command =
        launch
            .withConfig(Map.of("clip.batching.image.max-batch-size", "1"))
            .processBuilder(9000, Path.of("serve.log"))
            .command();
    assertTrue(command.contains("-Dclip.batching.image.max-batch-size=1"), command.toString());
    assertTrue(command.contains("-Xmx512m"), command.toString());
  }
}
