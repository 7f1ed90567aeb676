package dev.clipstream.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.model.ClipConfig;
import dev.clipstream.testing.Oracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;

  @Test
  void huggingFaceKeysMapToExactlyTheOpenAiTensors() throws Exception {
    Path oracle = Oracle.dir();
    Checkpoint hf = Checkpoint.open(SafeTensors.open(oracle.resolve("hf/model.safetensors")));
    Checkpoint oa = Checkpoint.open(SafeTensors.open(oracle.resolve("openai/model.safetensors")));
    assertEquals(Checkpoint.Naming.HUGGING_FACE, hf.naming());
    assertEquals(Checkpoint.Naming.OPENAI, oa.naming());
    List<ParameterSpec> specs = ClipParameters.of(Presets.get("tiny"));
    hf.checkMatches(specs);
    oa.checkMatches(specs);
    for (ParameterSpec s : specs) {
      assertArrayEquals(oa.read(s), hf.read(s), s.key());
    }
    assertEquals(62, specs.size());
  }

  @Test
  void configsOfBothNamingsDescribeTheTinyPreset() throws Exception {
    Path oracle = Oracle.dir();
    for (String kind : List.of("hf", "openai")) {
      Checkpoint c =
          Checkpoint.open(SafeTensors.open(oracle.resolve(kind).resolve("model.safetensors")));
      assertEquals(
          Presets.get("tiny"), CheckpointConfig.read(oracle.resolve(kind), c, s -> {}), kind);
    }
  }

  @Test
  void withoutConfigTheOracleTextHeadsCannotBeInferredAndTheErrorSaysSo() throws Exception {
    Path oracle = Oracle.dir();
    Checkpoint c = Checkpoint.open(SafeTensors.open(oracle.resolve("openai/model.safetensors")));
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> CheckpointConfig.read(dir, c, s -> {}));
    assertTrue(e.getMessage().contains("config.json"), e.getMessage());
  }

  @Test
  void withoutConfigTheArchitectureIsInferredAndTheHeadAssumptionReported() throws Exception {
    ClipConfig small =
        new ClipConfig(
            16,
            new dev.clipstream.model.VisionConfig(128, 1, 2, 16, 32, 512),
            new dev.clipstream.model.TextConfig(64, 1, 1, 77, 100, 256),
            1e-5);
    Path f = dir.resolve("model.safetensors");
    SafeTensorsWriter.writeAll(f, ClipParameters.of(small), new RandomWeights(small, 1));
    List<String> notes = new ArrayList<>();
    ClipConfig got = CheckpointConfig.read(dir, Checkpoint.open(SafeTensors.open(f)), notes::add);
    assertEquals(small, got);
    assertTrue(notes.get(0).contains("ASSUMED heads = width/64"), notes.toString());
  }

  @Test
  void missingKeyIsNamed() throws Exception {
    ClipConfig tiny = Presets.get("tiny");
    List<ParameterSpec> specs = new ArrayList<>(ClipParameters.of(tiny));
    specs.removeIf(s -> s.key().equals("visual.ln_post.bias"));
    Path f = dir.resolve("m.safetensors");
    SafeTensorsWriter.writeAll(f, specs, new RandomWeights(tiny, 1));
    Checkpoint c = Checkpoint.open(SafeTensors.open(f));
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> c.checkMatches(ClipParameters.of(tiny)));
    assertTrue(e.getMessage().contains("missing key 'visual.ln_post.bias'"), e.getMessage());
  }

  @Test
  void missingHuggingFaceProjectionIsNamedInHuggingFaceTerms() throws Exception {
    Path f = dir.resolve("hf.safetensors");
    new SafeTensorsWriter()
        .f32("vision_model.encoder.layers.0.self_attn.q_proj.weight", new long[] {1}, new float[1])
        .f32("vision_model.encoder.layers.0.self_attn.k_proj.weight", new long[] {1}, new float[1])
        .write(f);
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> Checkpoint.open(SafeTensors.open(f)));
    assertTrue(
        e.getMessage().contains("'vision_model.encoder.layers.0.self_attn.v_proj.weight'"),
        e.getMessage());
  }

  @Test
  void shapeMismatchShowsKeyAndBothShapes() throws Exception {
    ClipConfig tiny = Presets.get("tiny");
    Path f = dir.resolve("s.safetensors");
    SafeTensorsWriter w = new SafeTensorsWriter();
    RandomWeights rnd = new RandomWeights(tiny, 1);
    for (ParameterSpec s : ClipParameters.of(tiny)) {
      if (s.key().equals("visual.proj")) {
        w.f32(s.key(), new long[] {32, 64}, new float[64 * 32]);
      } else {
        w.f32(s.key(), s.shape(), rnd.read(s));
      }
    }
    w.write(f);
    Checkpoint c = Checkpoint.open(SafeTensors.open(f));
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> c.checkMatches(ClipParameters.of(tiny)));
    assertTrue(
        e.getMessage().contains("'visual.proj'")
            && e.getMessage().contains("[32, 64]")
            && e.getMessage().contains("[64, 32]"),
        e.getMessage());
  }

  @Test
  void resNetClipIsRefusedPlainly() throws Exception {
    Path f = dir.resolve("rn50.safetensors");
    new SafeTensorsWriter()
        .f32("visual.conv1.weight", new long[] {1}, new float[1])
        .f32("visual.layer1.0.conv1.weight", new long[] {1}, new float[1])
        .write(f);
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> Checkpoint.open(SafeTensors.open(f)));
    assertTrue(e.getMessage().contains("ResNet CLIP is not supported"), e.getMessage());
  }

  @Test
  void positionIdsBuffersAreIgnored() throws Exception {
    Path f = dir.resolve("p.safetensors");
    new SafeTensorsWriter()
        .raw("text_model.embeddings.position_ids", "I64", new long[] {1, 1}, new byte[8])
        .f32("text_model.final_layer_norm.weight", new long[] {2}, new float[] {1, 2})
        .write(f);
    Checkpoint c = Checkpoint.open(SafeTensors.open(f));
    assertEquals(List.of("ln_final.weight"), List.copyOf(c.tensors().keySet()));
  }

  @Test
  void nonClipSafetensorsIsRefused() throws Exception {
    Path f = dir.resolve("x.safetensors");
    new SafeTensorsWriter().f32("encoder.weight", new long[] {1}, new float[1]).write(f);
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> Checkpoint.open(SafeTensors.open(f)));
    assertTrue(e.getMessage().contains("not a CLIP checkpoint"), e.getMessage());
  }

  @Test
  void vitB32HasTheKnownParameterCount() {
    assertEquals(151_277_313L, ClipParameters.count(Presets.get("vit-b-32")));
    assertEquals(149_620_737L, ClipParameters.count(Presets.get("vit-b-16")));
    assertEquals(427_616_513L, ClipParameters.count(Presets.get("vit-l-14")));
  }

  @Test
  void missingCheckpointFolderContentsAreExplained() throws Exception {
    Files.writeString(dir.resolve("pytorch_model.bin"), "x");
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> CheckpointExport.findSafetensors(dir));
    assertTrue(e.getMessage().contains("no .safetensors file"), e.getMessage());
  }
}
