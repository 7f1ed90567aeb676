package dev.clipstream.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.export.CheckpointExport;
import dev.clipstream.model.Embeddings;
import dev.clipstream.model.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime on a random-weight model of the oracle's (tiny) architecture. */
class SavedModelClipTest {
  @TempDir static Path tmp;
  static SavedModelClip clip;
  static final int R = 224;

  @BeforeAll
  static void exportTinyRandomModel() throws Exception {
    Path out = tmp.resolve("tiny");
    CheckpointExport.random("tiny", 7, null, out, 0, 0, s -> {});
    clip = SavedModelClip.load(out, new RuntimeOptions(1, 1));
  }

  @AfterAll
  static void close() {
    if (clip != null) {
      clip.close();
    }
  }

  static float[] pixels(int batch, long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[] p = new float[batch * 3 * R * R];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) r.nextGaussian();
    }
    return p;
  }

  static int[] ids(int batch) {
    int[] ids = new int[batch * 77];
    for (int b = 0; b < batch; b++) {
      ids[b * 77] = 49406;
      ids[b * 77 + 1] = 320 + b;
      ids[b * 77 + 2] = 49407;
    }
    return ids;
  }

  @Test
  void randomExportIsMarkedRandomInItsManifest() {
    ModelManifest m = clip.manifest();
    assertTrue(m.random());
    assertEquals("random-tiny", m.name());
    assertEquals((float) Math.log(1 / 0.07), (float) m.logitScale(), 1e-6);
  }

  @Test
  void anyBatchSizeGivesTheSameRowsAsSingleCalls() {
    float[] batch = pixels(5, 1);
    float[] all = clip.encodeImages(batch, 5);
    assertEquals(5 * 32, all.length);
    for (int i = 0; i < 5; i++) {
      float[] one = new float[3 * R * R];
      System.arraycopy(batch, i * one.length, one, 0, one.length);
      float[] single = clip.encodeImages(one, 1);
      assertTrue(Embeddings.cosine(single, Embeddings.row(all, i, 32)) > 0.99999f);
    }
    float[] texts = clip.encodeTexts(ids(3), 3);
    assertEquals(3 * 32, texts.length);
    float[] t1 = clip.encodeTexts(java.util.Arrays.copyOfRange(ids(3), 77, 154), 1);
    assertArrayEquals(t1, Embeddings.row(texts, 1, 32), 1e-5f);
  }

  @Test
  void imagesWrittenStraightIntoTheInputTensorMatchTheFlatCall() {
    float[] batch = pixels(4, 3);
    int per = 3 * R * R;
    float[] flat = clip.encodeImages(batch, 4);
    float[] written =
        clip.encodeImages(
            4, (i, dest, offset) -> System.arraycopy(batch, i * per, dest, offset, per));
    assertArrayEquals(flat, written, 0f);
    assertThrows(IllegalArgumentException.class, () -> clip.encodeImages(0, (i, d, o) -> {}));
  }

  @Test
  void badInputsAreRejectedWithTheirValues() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> clip.encodeImages(new float[10], 1));
    assertTrue(e.getMessage().contains("length 10"), e.getMessage());
    int[] bad = ids(1);
    bad[3] = 60000;
    e = assertThrows(IllegalArgumentException.class, () -> clip.encodeTexts(bad, 1));
    assertTrue(e.getMessage().contains("ids[3] = 60000"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> clip.encodeTexts(new int[0], 0));
  }

  @Test
  void concurrentCallsAgreeWithSequentialOnes() throws Exception {
    float[] want = clip.encodeTexts(ids(2), 2);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> fs = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        fs.add(pool.submit(() -> clip.encodeTexts(ids(2), 2)));
      }
      for (Future<float[]> f : fs) {
        assertArrayEquals(want, f.get(), 1e-6f);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void loadingAFolderThatIsNotAModelSaysSo() {
    IOException e =
        assertThrows(IOException.class, () -> SavedModelClip.load(tmp, RuntimeOptions.defaults()));
    assertTrue(e.getMessage().contains("model.json"), e.getMessage());
  }

  @Test
  void tenThousandCallsKeepResidentMemoryFlat() throws Exception {
    float[] px = pixels(1, 3);
    int[] id = ids(1);
    for (int i = 0; i < 1000; i++) {
      call(i, px, id);
    }
    long before = rssKb();
    long start = System.nanoTime();
    long half = 0;
    for (int i = 0; i < 10_000; i++) {
      call(i, px, id);
      if (i == 4999) {
        half = rssKb();
      }
    }
    long after = rssKb();
    System.out.printf(
        "[leak] 10,000 calls (1 in 4 an image) in %.1f s: VmRSS %d MB, after 5,000 %d MB,"
            + " after 10,000 %d MB (growth %d KB)%n",
        (System.nanoTime() - start) / 1e9,
        before / 1024,
        half / 1024,
        after / 1024,
        after - before);
    assertTrue(after - before < 50 * 1024, "RSS grew by " + (after - before) + " KB");
  }

  private static void call(int i, float[] px, int[] id) {
    if (i % 4 == 0) {
      clip.encodeImages(px, 1);
    } else {
      clip.encodeTexts(id, 1);
    }
  }

  static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
