package dev.clipstream.cli.bench;

import dev.clipstream.cli.ChildJvm;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the bench starts {@code serve}: the JVM options and environment a deployment would give it,
 * the model repository, and extra server config (e.g. batching off).
 *
 * @param jar the server jar ({@code quarkus-run.jar})
 * @param jvmOptions JVM options, e.g. {@code -Xmx512m}
 * @param env environment variables added to this process's own, e.g. {@code MALLOC_ARENA_MAX=2}
 * @param modelsDir the folder of model folders to serve
 * @param defaultModel the model served when a call names none
 * @param config {@code clip.*} settings passed as system properties
 */
record ServerLaunch(
    Path jar,
    List<String> jvmOptions,
    Map<String, String> env,
    Path modelsDir,
    String defaultModel,
    Map<String, String> config)
    implements ServerProcess.Launch {

  ServerLaunch {
    jvmOptions = List.copyOf(jvmOptions);
    env = Map.copyOf(env);
    config = Map.copyOf(config);
  }

  /** The same launch with more server config. */
  ServerLaunch withConfig(Map<String, String> more) {
    Map<String, String> merged = new LinkedHashMap<>(config);
    merged.putAll(more);
    return new ServerLaunch(jar, jvmOptions, env, modelsDir, defaultModel, merged);
  }

  /** The child process on {@code port}, its output in {@code log}; not started. */
  @Override
  public ProcessBuilder processBuilder(int port, Path log) {
    List<String> command = ChildJvm.command(jvmOptions);
    command.add("-Dclip.default-model=" + defaultModel);
    config.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-jar", jar.toString(), "serve", "--models", modelsDir.toString()));
    command.addAll(List.of("--port", Integer.toString(port)));
    return builder(command, log);
  }

  /**
   * The bench's {@link ReferenceServer} over the default model's folder, with the same JVM options
   * and environment as {@code serve}, so that only the serving code differs between the two.
   */
  ServerProcess.Launch reference() {
    return (port, log) -> {
      List<String> command = ChildJvm.command(jvmOptions);
      command.addAll(List.of("-jar", jar.toString(), "bench-reference-server"));
      command.addAll(List.of("--model", modelsDir.resolve(defaultModel).toString()));
      command.addAll(List.of("--port", Integer.toString(port)));
      return builder(command, log);
    };
  }

  private ProcessBuilder builder(List<String> command, Path log) {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return builder;
  }
}
