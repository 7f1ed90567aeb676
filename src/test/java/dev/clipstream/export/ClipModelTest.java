package dev.clipstream.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.model.ClipConfig;
import dev.clipstream.model.ModelManifest;
import dev.clipstream.runtime.RuntimeOptions;
import dev.clipstream.runtime.SavedModelClip;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/** The graph builder's contract for reuse by the trainer. */
class ClipModelTest {
  @TempDir Path tmp;

  @Test
  void variablesAreNamedByOpenAiKeysInTheGivenScope() {
    ClipConfig tiny = Presets.get("tiny");
    try (Graph g = new Graph()) {
      ClipModel m = ClipModel.create(Ops.create(g).withSubScope("clip"), tiny);
      assertEquals(62, m.variables().size());
      assertEquals(
          "clip/visual.transformer.resblocks.1.attn.in_proj_weight",
          m.variables().get("visual.transformer.resblocks.1.attn.in_proj_weight").op().name());
      assertEquals("VariableV2", m.logitScale().op().type());
    }
  }

  @Test
  void readWeightsReturnsWhatWasLoaded() throws Exception {
    ClipConfig tiny = Presets.get("tiny");
    RandomWeights src = new RandomWeights(tiny, 42);
    try (Graph g = new Graph();
        Session s = new Session(g, TfSessions.config(1, 1))) {
      ClipModel m = ClipModel.create(Ops.create(g), tiny);
      m.loadWeights(s, src, ClipModel.Progress.NONE);
      InMemoryWeights back = m.readWeights(s);
      for (ParameterSpec p : m.parameters()) {
        assertArrayEquals(src.read(p), back.read(p), p.key());
      }
    }
  }

  @Test
  void aModelFolderIsAWeightSourceThatReExportsIdentically() throws Exception {
    Path first = tmp.resolve("first");
    CheckpointExport.random("tiny", 3, null, first, 1, 1, s -> {});
    Path second = tmp.resolve("second");
    ModelManifest m1;
    try (ModelFolderWeights w = ModelFolderWeights.open(first, 1, 1)) {
      m1 = w.manifest();
      ClipExporter.export(
          new ClipExporter.Request(
              "again", "2", m1.config(), w, null, true, List.of(), second, 1, 1),
          s -> {});
    }
    int[] ids = new int[77];
    ids[0] = 49406;
    ids[1] = 1000;
    ids[2] = 49407;
    try (SavedModelClip a = SavedModelClip.load(first, new RuntimeOptions(1, 1));
        SavedModelClip b = SavedModelClip.load(second, new RuntimeOptions(1, 1))) {
      assertArrayEquals(a.encodeTexts(ids, 1), b.encodeTexts(ids, 1));
      assertEquals(m1.logitScale(), b.manifest().logitScale(), 0);
      assertTrue(b.manifest().random());
    }
  }
}
