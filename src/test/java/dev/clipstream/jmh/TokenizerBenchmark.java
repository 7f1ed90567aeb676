package dev.clipstream.jmh;

import dev.clipstream.tokenizer.ClipTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Short captions tokenised per second on one thread (target: at least 50,000/s per core). The
 * captions cycle through a fixed set, so the BPE cache is warm, as in serving where label texts and
 * common words repeat. Needs the oracle vocabulary (CLIP_ORACLE_DIR or ../shared/clip-oracle).
 *
 * <p>Run: {@code bench/jmh.sh TokenizerBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s -t 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenizerBenchmark {
  private static final String[] CAPTIONS = {
    "a photo of a cat",
    "a photo of a dog",
    "A man riding a wave on top of a surfboard.",
    "Two giraffes standing next to each other in a field.",
    "a bowl of ramen with a soft-boiled egg",
    "An aerial view of a city at night",
    "a close-up photo of a red rose, covered in dew",
    "The quick brown fox jumps over the lazy dog",
    "a black and white photo of the Eiffel Tower",
    "a kitchen with wooden cabinets & a stainless steel fridge",
    "Café terrace at night, painted by Van Gogh",
    "children playing football in the park on a sunny day",
  };

  private ClipTokenizer tokenizer;
  private int next;

  @Setup(Level.Trial)
  public void load() throws IOException {
    String dir = System.getenv("CLIP_ORACLE_DIR");
    Path oracle =
        dir != null && !dir.isBlank() ? Path.of(dir) : Path.of("..", "shared", "clip-oracle");
    tokenizer = ClipTokenizer.fromBpeGz(oracle.resolve("bpe_simple_vocab_16e6.txt.gz"));
  }

  @Benchmark
  public int[] encodeShortCaption() {
    String caption = CAPTIONS[next];
    next = next + 1 == CAPTIONS.length ? 0 : next + 1;
    return tokenizer.encode(caption).ids();
  }
}
