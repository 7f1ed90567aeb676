package dev.clipstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.http.HttpServerOptions;
import org.junit.jupiter.api.Test;

class Http2WindowsTest {
  @Test
  void widensTheStreamAndConnectionWindowsLikeGrpcJava() {
    HttpServerOptions options = new HttpServerOptions();
    assertEquals(65_535, options.getInitialSettings().getInitialWindowSize());
    new Http2Windows(1 << 20, 16 << 20).customizeHttpServer(options);
    assertEquals(1 << 20, options.getInitialSettings().getInitialWindowSize());
    assertEquals(16 << 20, options.getHttp2ConnectionWindowSize());
  }
}
