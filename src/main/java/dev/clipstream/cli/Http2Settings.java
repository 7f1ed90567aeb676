package dev.clipstream.cli;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The unified gRPC/HTTP server's HTTP/2 settings, sized for requests that carry images.
 *
 * <ul>
 *   <li><b>Flow-control windows</b> as grpc-java's Netty server sets them (1 MiB per stream) rather
 *       than HTTP/2's 64 KiB default. With 64 KiB every unary call whose request is larger (a
 *       640×480 JPEG is ~85 KB) stalls for a window update before its last bytes may be sent; the
 *       bench measured unary image calls 8 ms slower than the same image on an open stream. Streams
 *       still get back-pressure: the window only bounds bytes in flight per stream.
 *   <li><b>Largest frame the server accepts</b>, 1 MiB rather than HTTP/2's 16 KiB default, so that
 *       a client sends an image of up to a stream window in one DATA frame. The gRPC server
 *       assembles a message by appending each frame's bytes to a buffer that it grows by copying; a
 *       profile of unary image calls put 43 % of the event loop's CPU in that assembly, and in
 *       alternating runs of two servers (tiny model, one caller) 1 MiB frames took 0.1–0.2 ms off
 *       each 85 KB image call inside the server and did not change text calls (bench/README). A
 *       frame in progress holds at most 1 MiB per connection, less than the request bytes the
 *       server already buffers while it assembles one message (up to 16 MiB).
 * </ul>
 */
@ApplicationScoped
public class Http2Settings implements HttpServerOptionsCustomizer {
  private final int streamWindowBytes;
  private final int connectionWindowBytes;
  private final int maxFrameBytes;

  Http2Settings(
      @ConfigProperty(name = "clip.http2.stream-window-bytes", defaultValue = "1048576")
          int streamWindowBytes,
      @ConfigProperty(name = "clip.http2.connection-window-bytes", defaultValue = "16777216")
          int connectionWindowBytes,
      @ConfigProperty(name = "clip.http2.max-frame-bytes", defaultValue = "1048576")
          int maxFrameBytes) {
    this.streamWindowBytes = streamWindowBytes;
    this.connectionWindowBytes = connectionWindowBytes;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public void customizeHttpServer(HttpServerOptions options) {
    options.getInitialSettings().setInitialWindowSize(streamWindowBytes);
    options.getInitialSettings().setMaxFrameSize(maxFrameBytes);
    options.setHttp2ConnectionWindowSize(connectionWindowBytes);
  }
}
