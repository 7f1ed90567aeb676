package dev.clipstream.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class ResamplersTest {
  private static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  @Test
  void withoutTheVectorModuleTheScalarResizeRunsAndSaysHowToGetSimd() throws Exception {
    PillowResampler.Passes8 chosen = Resamplers.select(false);
    assertEquals(
        "scalar (start java with --add-modules jdk.incubator.vector for SIMD)",
        chosen.description());
    byte[] src = new byte[40 * 30 * 3];
    java.util.Arrays.fill(src, (byte) 77);
    ResizePlan plan = ResizePlan.of(40, 30, 16);
    assertArrayEquals(
        PillowResampler.resizeCrop8(src, 3, plan, PillowResampler.scalar("reference")),
        PillowResampler.resizeCrop8(src, 3, plan, chosen));
  }

  @Test
  void withTheVectorModuleOnAWideCpuTheVectorResizeRuns() {
    assumeTrue(vectorModulePresent(), "skipped: no --add-modules jdk.incubator.vector");
    assumeTrue(VectorResampler.worthwhile(), "skipped: this CPU has vectors under 256 bits");
    String description = Resamplers.select(true).description();
    assertTrue(description.startsWith("Vector API, "), description);
  }

  @Test
  void theActiveResizeFollowsThisJvmsModules() {
    String active = ClipPreprocessor.resizeImplementation();
    if (vectorModulePresent()) {
      assertEquals(Resamplers.select(true).description(), active);
    } else {
      assertTrue(active.startsWith("scalar ("), active);
    }
  }
}
