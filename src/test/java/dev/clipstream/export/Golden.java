package dev.clipstream.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipstream.model.ModelManifest;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Test helper: reads the oracle's golden.json and compares embeddings with its tolerances. */
public final class Golden {
  public final Path oracle;
  public final JsonNode root;

  public Golden(Path oracle) throws IOException {
    this.oracle = oracle;
    this.root = new ObjectMapper().readTree(oracle.resolve("golden.json").toFile());
  }

  public static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  public static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  /**
   * The golden pixels of an image, rebuilt from its expected uint8 crop exactly as OpenAI does
   * ({@code float32(v)/255}, then {@code (x-mean)/std} in float32): the README states this
   * reproduces the golden tensor bit for bit. Lets model-only checks cover every image.
   */
  public float[] pixelsFromExpectedCrop(String imageFile) throws IOException {
    String base = Path.of(imageFile).getFileName().toString();
    String png = base.substring(0, base.lastIndexOf('.')) + ".png";
    BufferedImage img = ImageIO.read(oracle.resolve("expected_crops").resolve(png).toFile());
    Raster r = img.getRaster();
    int w = img.getWidth();
    int h = img.getHeight();
    float[] mean = ModelManifest.CLIP_MEAN;
    float[] std = ModelManifest.CLIP_STD;
    float[] out = new float[3 * w * h];
    int[] px = new int[r.getNumBands()];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        r.getPixel(x, y, px);
        for (int c = 0; c < 3; c++) {
          int v = px[r.getNumBands() >= 3 ? c : 0];
          out[c * h * w + y * w + x] = ((float) v / 255f - mean[c]) / std[c];
        }
      }
    }
    return out;
  }

  /** Cosine, max |Δ|, for raw and for L2-normalised vectors. */
  public record Diff(double cosine, double maxAbs, double maxAbsNormalised) {
    public boolean within(double minCosine, double maxAbsTolerance) {
      return cosine >= minCosine
          && maxAbs <= maxAbsTolerance
          && maxAbsNormalised <= maxAbsTolerance;
    }
  }

  public static Diff diff(float[] got, float[] want) {
    double dot = 0;
    double ng = 0;
    double nw = 0;
    double maxAbs = 0;
    for (int i = 0; i < want.length; i++) {
      dot += (double) got[i] * want[i];
      ng += (double) got[i] * got[i];
      nw += (double) want[i] * want[i];
      maxAbs = Math.max(maxAbs, Math.abs(got[i] - want[i]));
    }
    double maxNorm = 0;
    for (int i = 0; i < want.length; i++) {
      maxNorm = Math.max(maxNorm, Math.abs(got[i] / Math.sqrt(ng) - want[i] / Math.sqrt(nw)));
    }
    if (got.length != want.length) {
      return new Diff(-1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    return new Diff(dot / Math.sqrt(ng * nw), maxAbs, maxNorm);
  }
}
