package dev.clipstream.export.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.export.CheckpointExport;
import dev.clipstream.export.ModelFolderWeights;
import dev.clipstream.export.synth.SynthDatasetWriter;
import dev.clipstream.export.synth.SynthSplit;
import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.ModelManifest;
import dev.clipstream.runtime.RuntimeOptions;
import dev.clipstream.runtime.SavedModelClip;
import dev.clipstream.testing.Oracle;
import dev.clipstream.tokenizer.ClipTokenizer;
import dev.clipstream.tokenizer.TokenizedText;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning proof: the oracle's tiny CLIP, exported by our exporter, fine-tuned for a few steps
 * on generated pairs. The loss on the (whole, fixed) training set falls, and the result, written as
 * a model folder, reloads in the serving runtime.
 */
class FineTuneOracleTest {
  @TempDir Path tmp;

  @Test
  void fineTuningTheExportedOracleLowersTheLossAndTheResultReloads() throws Exception {
    Path oracle = Oracle.dir();
    Path exported = tmp.resolve("oracle-model");
    CheckpointExport.run(
        new CheckpointExport.Options(
            oracle.resolve("hf"),
            oracle.resolve("bpe_simple_vocab_16e6.txt.gz"),
            "oracle",
            exported,
            1,
            1),
        s -> {});
    Path data = tmp.resolve("pairs");
    new SynthDatasetWriter().write(data, SynthSplit.TRAIN, 5, 12, 224, n -> {});

    ClipConfig config;
    Map<String, WeightTensor> initial;
    try (ModelFolderWeights source = ModelFolderWeights.open(exported, 1, 1)) {
      config = source.manifest().config();
      initial = TrainedModelWriter.fromWeightSource(config, source);
    }
    ClipTokenizer tokenizer = ClipTokenizer.fromDirectory(exported.resolve("tokenizer"));
    PairDataset dataset = PairDataset.open(data, config.vision().imageResolution());
    // batch = the whole set, so every step's loss is measured on the same pairs
    TrainOptions options = new TrainOptions(6, 12, 3e-3, 0, 0.0, 0.9, 0.98, 1e-6, 0, 1, 0);
    TrainingRun run =
        new TrainingRun(
            dataset,
            text -> {
              TokenizedText t = tokenizer.encode(text);
              return Arrays.copyOf(t.ids(), t.length());
            },
            config,
            options,
            new PrintStream(OutputStream.nullOutputStream()));
    TrainingRun.Outcome outcome = run.run(initial, null, null);
    float[] losses = outcome.losses();
    assertTrue(
        losses[losses.length - 1] < losses[0] - 0.05,
        "loss should fall: " + Arrays.toString(losses));

    Path tuned = tmp.resolve("tuned");
    ModelManifest manifest =
        TrainedModelWriter.write(
            tuned,
            "oracle-tuned",
            "1",
            config,
            outcome.weights(),
            List.of(exported.resolve("tokenizer/bpe_simple_vocab_16e6.txt.gz")),
            s -> {});
    assertFalse(manifest.random());
    try (SavedModelClip clip = SavedModelClip.load(tuned, new RuntimeOptions(1, 1))) {
      assertEquals(config.embedDim(), clip.embedDim());
      int r = clip.imageResolution();
      float[] pixels = new float[3 * r * r];
      dataset.pixelsInto(0, pixels, 0);
      float[] tunedEmbedding = clip.encodeImages(pixels, 1);
      try (ClipInference reference =
          new ClipInference(config, outcome.weights(), config.text().contextLength(), 1)) {
        float[] expected = reference.encodeImages(pixels, 1);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], tunedEmbedding[i], 1e-4, "embedding " + i);
        }
      }
    }
    assertTrue(Files.isRegularFile(tuned.resolve("tokenizer/bpe_simple_vocab_16e6.txt.gz")));
  }
}
