package dev.clipstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.PreprocessOptions;
import dev.clipstream.testing.Oracle;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code preprocess} subcommand writes the oracle's crop and tensor, and explains errors. */
class PreprocessCommandTest {
  @TempDir Path temp;

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ClipCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void pngOutputIsTheExpectedCropAndNpyTheNormalisedTensor() throws Exception {
    Path oracle = Oracle.dir();
    String name = "09_palette_P_333x251";
    Path png = temp.resolve("crop.png");
    Path npy = temp.resolve("pixels.npy");
    Result result =
        run(
            "preprocess",
            "--resolution",
            "224",
            "--image",
            oracle.resolve("images/" + name + ".png").toString(),
            "--png",
            png.toString(),
            "--npy",
            npy.toString());
    assertEquals(0, result.exitCode(), result.err());

    Raster ours = ImageIO.read(png.toFile()).getRaster();
    BufferedImage expected =
        ImageIO.read(oracle.resolve("expected_crops/" + name + ".png").toFile());
    assertEquals(224, ours.getWidth());
    assertArrayEquals(
        expected.getRaster().getPixels(0, 0, 224, 224, (int[]) null),
        ours.getPixels(0, 0, 224, 224, (int[]) null));

    byte[] file = Files.readAllBytes(npy);
    assertEquals(0x93, file[0] & 0xFF);
    assertEquals("NUMPY", new String(file, 1, 5, StandardCharsets.US_ASCII));
    int headerLength = (file[8] & 0xFF) | (file[9] & 0xFF) << 8;
    String header = new String(file, 10, headerLength, StandardCharsets.US_ASCII);
    assertTrue(header.contains("'descr': '<f4'"), header);
    assertTrue(header.contains("'fortran_order': False"), header);
    assertTrue(header.contains("'shape': (3, 224, 224)"), header);
    assertEquals(0, (10 + headerLength) % 64, "data must start aligned");
    float[] values = new float[3 * 224 * 224];
    ByteBuffer.wrap(file, 10 + headerLength, values.length * 4)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .get(values);
    assertEquals(10 + headerLength + values.length * 4, file.length);
    float[] direct =
        new ClipPreprocessor(PreprocessOptions.clip(224))
            .preprocess(Files.readAllBytes(oracle.resolve("images/" + name + ".png")));
    assertArrayEquals(direct, values);
  }

  @Test
  void missingImageFileExitsNonZeroNamingTheFile() {
    Result result =
        run("preprocess", "--image", temp.resolve("nope.jpg").toString(), "--png", "x.png");
    assertEquals(1, result.exitCode());
    assertTrue(result.err().contains("nope.jpg"), result.err());
  }

  @Test
  void undecodableImageExitsNonZeroNamingTheReason() throws Exception {
    Path bad = Files.writeString(temp.resolve("bad.png"), "not an image at all");
    Result result = run("preprocess", "--image", bad.toString(), "--png", "x.png");
    assertEquals(1, result.exitCode());
    assertTrue(result.err().contains("UNSUPPORTED_FORMAT"), result.err());
  }

  @Test
  void withoutAnyOutputItAsksForPngOrNpy() throws Exception {
    Path any = Files.writeString(temp.resolve("a.png"), "x");
    Result result = run("preprocess", "--image", any.toString());
    assertNotEquals(0, result.exitCode());
    assertTrue(result.err().contains("--png"), result.err());
  }

  @Test
  void helpExplainsWithAnExample() {
    Result result = run("preprocess", "--help");
    assertEquals(0, result.exitCode());
    assertTrue(result.out().contains("Example:"), result.out());
    assertTrue(result.out().contains("--resolution 224 --image"), result.out());
  }
}
