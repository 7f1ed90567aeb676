package dev.clipstream.cli;

import io.quarkus.runtime.Quarkus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: boots the Quarkus gRPC server over a model repository. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the CLIP gRPC API (clip.v1.ClipService, grpc.health.v1, reflection) and HTTP",
      "(/q/metrics, /q/health) on one port. Every folder under the models directory that holds",
      "a model (saved_model.pb + model.json) is loaded and warmed up before health says SERVING.",
      "Other settings: clip.* keys as -D system properties or CLIP_* environment variables.",
      "",
      "Example:  serve --models models --port 8080",
      "          grpcurl -plaintext localhost:8080 list"
    })
public final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--models",
      paramLabel = "DIR",
      description = "Model repository (clip.models.dir; default: models).")
  Path models;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port for gRPC and HTTP (quarkus.http.port; default 8080).")
  Integer port;

  @Override
  public Integer call() {
    if (models != null) {
      System.setProperty("clip.models.dir", models.toAbsolutePath().toString());
    }
    if (port != null) {
      if (port < 0 || port > 65535) {
        throw new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(this), "--port must be 0..65535, got " + port);
      }
      System.setProperty("quarkus.http.port", Integer.toString(port));
      System.setProperty("quarkus.grpc.server.port", Integer.toString(port));
    }
    Quarkus.run(
        ServeApplication.class,
        (code, failure) -> {
          if (failure != null) {
            failure.printStackTrace();
          }
          System.exit(code);
        });
    return 0;
  }
}
