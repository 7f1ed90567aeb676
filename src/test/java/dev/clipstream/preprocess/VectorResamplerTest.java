package dev.clipstream.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SIMD resize gives the scalar resize's bytes, for every shape of work it can get: down- and
 * up-scaling, one axis only, no resize, every channel count Pillow resizes in 8 bits, resolutions
 * that are not a multiple of the vector width, and heights that leave a partial band. The scalar
 * resize is itself held to Pillow by the oracle tests; the build runs tests with the Vector API
 * module, so those tests go through the vector code too.
 */
class VectorResamplerTest {
  private static final long SEED = 0x51_3D_CAFEL;

  @BeforeAll
  static void needsTheVectorModule() {
    assumeTrue(
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "skipped: this JVM was started without --add-modules jdk.incubator.vector");
  }

  private final PillowResampler.Passes8 scalar = PillowResampler.scalar("reference");
  private final PillowResampler.Passes8 vector = new VectorResampler();

  private void assertSameBytes(int width, int height, int channels, int resolution, long seed)
      throws ImageDecodeException {
    byte[] src = new byte[width * height * channels];
    new SplittableRandom(seed).nextBytes(src);
    ResizePlan plan = ResizePlan.of(width, height, resolution);
    assertArrayEquals(
        PillowResampler.resizeCrop8(src, channels, plan, scalar),
        PillowResampler.resizeCrop8(src, channels, plan, vector),
        () -> width + "x" + height + "x" + channels + " -> " + resolution);
  }

  @Test
  void landscapeAndPortraitPhotosGiveTheScalarBytes() throws ImageDecodeException {
    assertSameBytes(640, 480, 3, 224, SEED);
    assertSameBytes(480, 640, 3, 224, SEED + 1);
    assertSameBytes(1920, 1080, 3, 224, SEED + 2);
  }

  @Test
  void everyChannelCountGivesTheScalarBytes() throws ImageDecodeException {
    for (int channels = 1; channels <= 4; channels++) {
      assertSameBytes(333, 251, channels, 224, SEED + channels);
    }
  }

  @Test
  void upscalingOneAxisOnlyAndNoResizeGiveTheScalarBytes() throws ImageDecodeException {
    assertSameBytes(7, 5, 3, 224, SEED); // both axes up
    assertSameBytes(37, 501, 3, 224, SEED); // width up, height down
    assertSameBytes(224, 300, 3, 224, SEED); // height only
    assertSameBytes(300, 224, 3, 224, SEED); // width only
    assertSameBytes(224, 224, 3, 224, SEED); // crop only
    assertSameBytes(1, 1, 3, 224, SEED);
  }

  @Test
  void randomShapesAndResolutionsGiveTheScalarBytes() throws ImageDecodeException {
    SplittableRandom random = new SplittableRandom(SEED);
    int[] resolutions = {224, 17, 32, 64, 336};
    for (int i = 0; i < 200; i++) {
      int width = random.nextInt(1, 700);
      int height = random.nextInt(1, 700);
      int channels = random.nextInt(1, 5);
      int resolution = resolutions[random.nextInt(resolutions.length)];
      assertSameBytes(width, height, channels, resolution, random.nextLong());
    }
  }

  @Test
  void extremeSamplesClipLikeTheScalarResize() throws ImageDecodeException {
    // A black/white checkerboard drives bicubic overshoot past 255 and below 0.
    int width = 513;
    int height = 389;
    byte[] src = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        byte v = ((x / 2 + y / 2) % 2 == 0) ? (byte) 255 : 0;
        for (int ch = 0; ch < 3; ch++) {
          src[(y * width + x) * 3 + ch] = v;
        }
      }
    }
    for (int resolution : new int[] {224, 400, 600}) {
      ResizePlan plan = ResizePlan.of(width, height, resolution);
      assertArrayEquals(
          PillowResampler.resizeCrop8(src, 3, plan, scalar),
          PillowResampler.resizeCrop8(src, 3, plan, vector));
    }
  }
}
