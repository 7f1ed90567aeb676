package dev.clipstream.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.clipstream.api.grpc.v1.ClipServiceGrpc;
import dev.clipstream.api.grpc.v1.Frame;
import dev.clipstream.api.grpc.v1.Image;
import dev.clipstream.api.grpc.v1.TagConfig;
import dev.clipstream.api.grpc.v1.TagFramesRequest;
import dev.clipstream.api.grpc.v1.TagFramesResponse;
import grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A client pushes 10,000 frames of about 49 KB (490 MB in all) into TagFrames as fast as HTTP/2
 * lets it. The server requests frames only as fast as its batcher answers them, so everything is
 * answered in order while this JVM (client and server together) runs in a 256 MB heap: the pom runs
 * this class alone in the "flow-control" surefire execution with -Xmx256m.
 */
@QuarkusTest
@Tag("flow-control")
class FlowControlTest {
  private static final int FRAMES = 10_000;

  @GrpcClient("clip")
  io.grpc.Channel channel;

  @GrpcClient("health")
  HealthGrpc.HealthBlockingStub health;

  private static byte[] noisePng(int size, long seed) throws Exception {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(seed);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  @Test
  void tenThousandFramesPushedFastAreAllAnsweredInOrderWithBoundedMemory() throws Exception {
    GrpcTestSupport.awaitServing(health);
    Image frameImage = Image.newBuilder().setEncoded(ByteString.copyFrom(noisePng(128, 7))).build();
    assertTrue(
        frameImage.getEncoded().size() > 40_000, "frame of " + frameImage.getEncoded().size());
    AtomicLong answered = new AtomicLong();
    AtomicLong outOfOrder = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    long start = System.nanoTime();
    ClipServiceGrpc.newStub(channel)
        .tagFrames(
            new ClientResponseObserver<TagFramesRequest, TagFramesResponse>() {
              private long next;

              @Override
              public void beforeStart(ClientCallStreamObserver<TagFramesRequest> requests) {
                requests.setOnReadyHandler(
                    () -> {
                      // Push whenever the transport takes more: as fast as flow control allows.
                      while (requests.isReady() && next <= FRAMES) {
                        if (next == 0) {
                          requests.onNext(
                              TagFramesRequest.newBuilder()
                                  .setConfig(
                                      TagConfig.newBuilder()
                                          .addLabels("noise")
                                          .addLabels("signal")
                                          .setTopK(1))
                                  .build());
                        } else {
                          requests.onNext(
                              TagFramesRequest.newBuilder()
                                  .setFrame(
                                      Frame.newBuilder()
                                          .setFrameId(next - 1)
                                          .setTimestampMicros((next - 1) * 33_333)
                                          .setImage(frameImage))
                                  .build());
                        }
                        next++;
                        if (next == FRAMES + 1) {
                          requests.onCompleted();
                        }
                      }
                    });
              }

              @Override
              public void onNext(TagFramesResponse response) {
                if (response.getFrameId() != answered.getAndIncrement() || response.hasError()) {
                  outOfOrder.incrementAndGet();
                }
              }

              @Override
              public void onError(Throwable t) {
                failure.set(t);
                done.countDown();
              }

              @Override
              public void onCompleted() {
                done.countDown();
              }
            });
    assertTrue(done.await(240, TimeUnit.SECONDS), "only " + answered.get() + " frames answered");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(null, failure.get());
    assertEquals(FRAMES, answered.get());
    assertEquals(0, outOfOrder.get());
    long maxHeapMb = Runtime.getRuntime().maxMemory() >> 20;
    System.out.printf(
        "flow control: %d frames of %d bytes (%d MB) answered in %d ms with a %d MB heap%n",
        FRAMES,
        frameImage.getEncoded().size(),
        (long) FRAMES * frameImage.getEncoded().size() >> 20,
        millis,
        maxHeapMb);
  }
}
