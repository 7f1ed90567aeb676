package dev.clipstream.runtime.jmh;

import dev.clipstream.runtime.RuntimeOptions;
import dev.clipstream.runtime.SavedModelClip;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process, model-only throughput of the image tower: pixels made in advance, one {@code
 * encodeImages} call per op. images/s = ops/s × batch. The model folder comes from {@code
 * -Dclip.bench.model=DIR} (e.g. a {@code export --random --preset vit-b-32} folder).
 *
 * <p>Run: {@code bench/jmh.sh SavedModelClipBenchmark -jvmArgs -Dclip.bench.model=/tmp/vitb32}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class SavedModelClipBenchmark {
  @Param({"1", "8", "32"})
  int batch;

  @Param({"0"})
  int intraOpThreads;

  SavedModelClip clip;
  float[] pixels;

  @Setup(Level.Trial)
  public void load() throws Exception {
    String dir = System.getProperty("clip.bench.model");
    if (dir == null) {
      throw new IllegalStateException("set -Dclip.bench.model=MODEL_DIR");
    }
    clip = SavedModelClip.load(Path.of(dir), new RuntimeOptions(intraOpThreads, 0));
    int r = clip.imageResolution();
    pixels = new float[batch * 3 * r * r];
    Random rnd = new Random(1);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) rnd.nextGaussian();
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    clip.close();
  }

  @Benchmark
  public float[] encodeImages() {
    return clip.encodeImages(pixels, batch);
  }
}
