package dev.clipstream.export.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.export.synth.SynthDatasetWriter;
import dev.clipstream.export.synth.SynthSplit;
import dev.clipstream.model.ClipConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {
  @TempDir static Path tmp;
  private static PairDataset data;
  private static BpeEncoder encoder;
  private static ClipConfig config;

  @BeforeAll
  static void data() throws Exception {
    new SynthDatasetWriter().write(tmp.resolve("d"), SynthSplit.TRAIN, 9, 32, 32, n -> {});
    data = PairDataset.open(tmp.resolve("d"), 32);
    BpeTrainer.Result vocab = BpeTrainer.train(data.captions(), 700);
    encoder = new BpeEncoder(vocab);
    config = TrainPreset.TEST.config(vocab.size());
  }

  private TrainingRun.Outcome train(long seed, ByteArrayOutputStream progress, List<Integer> saved)
      throws Exception {
    return train(seed, 1, progress, saved);
  }

  private TrainingRun.Outcome train(
      long seed, int threads, ByteArrayOutputStream progress, List<Integer> saved)
      throws Exception {
    TrainOptions o = new TrainOptions(8, 16, 2e-3, 2, 0.1, 0.9, 0.98, 1e-6, seed, threads, 4);
    return new TrainingRun(data, encoder::encode, config, o, new PrintStream(progress))
        .run(ClipWeights.randomInit(config, seed), (step, w) -> saved.add(step), null);
  }

  @Test
  void sameSeedGivesTheSameLossesAndWeights() throws Exception {
    TrainingRun.Outcome a = train(3, new ByteArrayOutputStream(), new ArrayList<>());
    TrainingRun.Outcome b = train(3, new ByteArrayOutputStream(), new ArrayList<>());
    assertArrayEquals(a.losses(), b.losses());
    assertArrayEquals(a.weights().get("visual.proj").data(), b.weights().get("visual.proj").data());
  }

  @Test
  void batchSlicesTrainedInParallelGiveTheSameLossesAsOneSlice() throws Exception {
    TrainingRun.Outcome one = train(5, 1, new ByteArrayOutputStream(), new ArrayList<>());
    TrainingRun.Outcome three = train(5, 3, new ByteArrayOutputStream(), new ArrayList<>());
    assertArrayEquals(one.losses(), three.losses(), 1e-4f);
    assertArrayEquals(
        one.weights().get("visual.proj").data(), three.weights().get("visual.proj").data(), 1e-4f);
  }

  @Test
  void showsProgressWithLossAndAccuracyAndCheckpointsPeriodically() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    List<Integer> saved = new ArrayList<>();
    TrainingRun.Outcome out = train(4, progress, saved);
    String text = progress.toString();
    assertTrue(text.contains("8/8") && text.contains("loss") && text.contains("acc"), text);
    assertEquals(List.of(4), saved); // every 4 steps, the final weights are returned instead
    assertTrue(out.weights().get("logit_scale").data()[0] <= ContrastiveTrainer.MAX_LOGIT_SCALE);
  }

  @Test
  void scheduleWarmsUpThenDecaysToZero() {
    TrainOptions o = new TrainOptions(100, 16, 1e-3, 10, 0.1, 0.9, 0.98, 1e-6, 0, 1, 0);
    assertEquals(1e-4, o.learningRate(0), 1e-12);
    assertEquals(1e-3, o.learningRate(10), 1e-12);
    assertTrue(o.learningRate(55) < 1e-3 && o.learningRate(55) > 0);
    assertEquals(0, o.learningRate(100), 1e-12);
  }
}
