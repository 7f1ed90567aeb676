package dev.clipstream.export.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairDatasetTest {
  @TempDir Path dir;

  @BeforeEach
  void image() throws Exception {
    ImageIO.write(
        new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB),
        "png",
        dir.resolve("a.png").toFile());
  }

  private String refusal(String manifest) throws Exception {
    Files.writeString(dir.resolve("manifest.jsonl"), manifest);
    return assertThrows(ManifestException.class, () -> PairDataset.open(dir, 16)).getMessage();
  }

  @Test
  void readsValidPairsAndSkipsBlankLines() throws Exception {
    Files.writeString(
        dir.resolve("manifest.jsonl"),
        "{\"image\": \"a.png\", \"caption\": \"a black square\"}\n\n{\"image\": \"a.png\", \"caption\": \"x\"}\n");
    PairDataset d = PairDataset.open(dir, 16);
    assertEquals(2, d.size());
    float[] px = new float[3 * 16 * 16];
    d.pixelsInto(0, px, 0);
    assertEquals((0 - PairDataset.MEAN[0]) / PairDataset.STD[0], px[0], 1e-6);
  }

  @Test
  void refusesInvalidJsonNamingTheLine() throws Exception {
    String m = refusal("{\"image\": \"a.png\", \"caption\": \"ok\"}\n{not json\n");
    assertTrue(m.contains("line 2") && m.contains("not valid JSON"), m);
  }

  @Test
  void refusesAMissingCaptionNamingTheLine() throws Exception {
    String m = refusal("{\"image\": \"a.png\"}\n");
    assertTrue(m.contains("line 1") && m.contains("caption"), m);
  }

  @Test
  void refusesAMissingImageFileNamingTheLine() throws Exception {
    String m =
        refusal(
            "{\"image\": \"a.png\", \"caption\": \"ok\"}\n{\"image\": \"b.png\", \"caption\": \"ok\"}\n");
    assertTrue(m.contains("line 2") && m.contains("not found"), m);
  }

  @Test
  void refusesPathsLeavingTheFolder() throws Exception {
    String m = refusal("{\"image\": \"../a.png\", \"caption\": \"ok\"}\n");
    assertTrue(m.contains("line 1") && m.contains("leaves"), m);
  }

  @Test
  void readsAnOptionalConcept() throws Exception {
    Files.writeString(
        dir.resolve("manifest.jsonl"),
        "{\"image\": \"a.png\", \"caption\": \"a red circle\", \"concept\": \"red circle\"}\n"
            + "{\"image\": \"a.png\", \"caption\": \"x\"}\n");
    PairDataset d = PairDataset.open(dir, 16);
    assertEquals("red circle", d.concept(0));
    assertEquals(null, d.concept(1));
  }

  @Test
  void refusesAConceptThatIsNotAString() throws Exception {
    String m = refusal("{\"image\": \"a.png\", \"caption\": \"ok\", \"concept\": 3}\n");
    assertTrue(m.contains("line 1") && m.contains("concept"), m);
  }

  @Test
  void refusesAFolderWithoutManifest() {
    assertThrows(ManifestException.class, () -> PairDataset.open(dir, 16));
  }
}
