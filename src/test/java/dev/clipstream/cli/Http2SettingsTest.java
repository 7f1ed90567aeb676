package dev.clipstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.http.HttpServerOptions;
import org.junit.jupiter.api.Test;

class Http2SettingsTest {
  @Test
  void widensTheStreamAndConnectionWindowsLikeGrpcJava() {
    HttpServerOptions options = new HttpServerOptions();
    assertEquals(65_535, options.getInitialSettings().getInitialWindowSize());
    new Http2Settings(1 << 20, 16 << 20, 1 << 20).customizeHttpServer(options);
    assertEquals(1 << 20, options.getInitialSettings().getInitialWindowSize());
    assertEquals(16 << 20, options.getHttp2ConnectionWindowSize());
  }

  @Test
  void acceptsFramesAsLargeAsTheStreamWindow() {
    HttpServerOptions options = new HttpServerOptions();
    assertEquals(16_384, options.getInitialSettings().getMaxFrameSize());
    new Http2Settings(1 << 20, 16 << 20, 1 << 20).customizeHttpServer(options);
    assertEquals(1 << 20, options.getInitialSettings().getMaxFrameSize());
  }
}
