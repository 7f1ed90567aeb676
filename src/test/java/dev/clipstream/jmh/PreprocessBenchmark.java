package dev.clipstream.jmh;

import dev.clipstream.preprocess.ClipPreprocessor;
import dev.clipstream.preprocess.ImageDecodeException;
import dev.clipstream.preprocess.PreprocessOptions;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decode + resize + crop + normalise of one JPEG into a [3, 224, 224] tensor. The JPEGs are drawn
 * deterministically (gradient, shapes, seeded noise) and encoded with ImageIO at quality 0.9. Run:
 * {@code bench/jmh.sh PreprocessBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s -t 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PreprocessBenchmark {
  @Param({"640x480", "1920x1080"})
  public String size;

  private byte[] jpeg;
  private final ClipPreprocessor preprocessor = new ClipPreprocessor(PreprocessOptions.clip(224));
  private final float[] tensor = new float[3 * 224 * 224];

  @Setup
  public void setUp() throws IOException {
    String[] parts = size.split("x");
    jpeg = drawJpeg(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
  }

  @Benchmark
  public float[] decodeResizeCropNormalise() throws ImageDecodeException {
    preprocessor.preprocessInto(jpeg, tensor, 0);
    return tensor;
  }

  static byte[] drawJpeg(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(
        new GradientPaint(0, 0, new Color(30, 90, 200), width, height, new Color(240, 200, 40)));
    g.fillRect(0, 0, width, height);
    SplittableRandom random = new SplittableRandom(42);
    g.setStroke(new BasicStroke(Math.max(2, width / 200f)));
    for (int i = 0; i < 60; i++) {
      g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
      int x = random.nextInt(width);
      int y = random.nextInt(height);
      int s = random.nextInt(10, Math.max(11, width / 6));
      if (i % 2 == 0) {
        g.fillOval(x, y, s, s);
      } else {
        g.drawRect(x, y, s, s / 2);
      }
    }
    g.dispose();
    // Texture so the JPEG has realistic entropy: seeded noise on every pixel.
    byte[] data = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) Math.max(0, Math.min(255, (data[i] & 0xFF) + random.nextInt(-12, 13)));
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.9f);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
