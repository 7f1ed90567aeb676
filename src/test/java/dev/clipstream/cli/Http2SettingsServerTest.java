package dev.clipstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The running server advertises {@link Http2Settings}' values to an HTTP/2 client. */
@QuarkusTest
class Http2SettingsServerTest {
  @Inject Vertx vertx;

  @Test
  void theServerAdvertisesTheWindowAndTheLargestFrame() throws Exception {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    try {
      io.vertx.core.http.Http2Settings advertised =
          client
              .request(HttpMethod.GET, port, "localhost", "/q/health/live")
              .compose(request -> request.send().map(response -> request.connection()))
              .map(connection -> connection.remoteSettings())
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      assertEquals(1 << 20, advertised.getMaxFrameSize());
      assertEquals(1 << 20, advertised.getInitialWindowSize());
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
