package dev.clipstream.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;

/** The Quarkus application that {@code serve} boots: it runs until SIGTERM or Ctrl-C. */
public class ServeApplication implements QuarkusApplication {
  @Override
  public int run(String... args) {
    Quarkus.waitForExit();
    return 0;
  }
}
