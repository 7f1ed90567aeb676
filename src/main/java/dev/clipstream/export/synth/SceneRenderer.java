package dev.clipstream.export.synth;

import dev.clipstream.preprocess.JpegEncoder;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Draws a {@link Scene} with Java2D. Deterministic: the same scene gives the same pixels. */
public final class SceneRenderer {
  private SceneRenderer() {}

  /** Renders the scene as a {@code side × side} RGB image. */
  public static BufferedImage render(Scene scene, int side) {
    if (side < 8 || side > 4096) {
      throw new IllegalArgumentException("side must be in [8,4096], got " + side);
    }
    RenderStyle style = scene.style();
    int big = side * style.supersample();
    BufferedImage image = new BufferedImage(big, big, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      Object aa =
          style.antialias()
              ? RenderingHints.VALUE_ANTIALIAS_ON
              : RenderingHints.VALUE_ANTIALIAS_OFF;
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      paintBackground(g, scene, big);
      for (SceneObject object : scene.objects()) {
        paintObject(g, object, big);
      }
    } finally {
      g.dispose();
    }
    BufferedImage out = style.supersample() == 1 ? image : boxDownscale(image, style.supersample());
    Random noise = new Random(style.noiseSeed());
    for (int i = 0; i < style.blurPasses(); i++) {
      out = boxBlur(out);
    }
    if (style.noiseSigma() > 0) {
      addNoise(out, style.noiseSigma(), noise);
    }
    return style.jpegQuality() > 0 ? jpegRoundTrip(out, style.jpegQuality()) : out;
  }

  private static void paintBackground(Graphics2D g, Scene scene, int side) {
    RenderStyle style = scene.style();
    if (scene.background() == Background.GRADIENT) {
      double a = style.gradientAngleRadians();
      float cx = side / 2f;
      float dx = (float) (Math.cos(a) * side / 2);
      float dy = (float) (Math.sin(a) * side / 2);
      g.setPaint(
          new GradientPaint(
              cx - dx,
              cx - dy,
              new Color(style.backgroundRgb()),
              cx + dx,
              cx + dy,
              new Color(style.backgroundRgb2())));
    } else {
      g.setColor(new Color(style.backgroundRgb()));
    }
    g.fillRect(0, 0, side, side);
  }

  private static void paintObject(Graphics2D g, SceneObject object, int side) {
    AffineTransform t = new AffineTransform();
    t.translate(object.centreX() * side, object.centreY() * side);
    t.rotate(object.rotationRadians());
    t.scale(object.radius() * side, object.radius() * side);
    Shape shape = t.createTransformedShape(object.shape().unitOutline());
    g.setColor(new Color(object.rgb()));
    if (object.outlineOnly()) {
      g.setStroke(
          new BasicStroke(
              (float) Math.max(1, object.strokeFraction() * side),
              BasicStroke.CAP_ROUND,
              BasicStroke.JOIN_ROUND));
      g.draw(shape);
    } else {
      g.fill(shape);
    }
  }

  /** Averages each {@code factor × factor} block: an exact area downscale. */
  static BufferedImage boxDownscale(BufferedImage src, int factor) {
    int side = src.getWidth() / factor;
    BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    int n = factor * factor;
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int r = 0;
        int gg = 0;
        int b = 0;
        for (int dy = 0; dy < factor; dy++) {
          for (int dx = 0; dx < factor; dx++) {
            int p = src.getRGB(x * factor + dx, y * factor + dy);
            r += (p >> 16) & 255;
            gg += (p >> 8) & 255;
            b += p & 255;
          }
        }
        out.setRGB(x, y, ((r + n / 2) / n << 16) | ((gg + n / 2) / n << 8) | ((b + n / 2) / n));
      }
    }
    return out;
  }

  static BufferedImage boxBlur(BufferedImage src) {
    int w = src.getWidth();
    int h = src.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int p =
                src.getRGB(
                    Math.max(0, Math.min(w - 1, x + dx)), Math.max(0, Math.min(h - 1, y + dy)));
            r += (p >> 16) & 255;
            g += (p >> 8) & 255;
            b += p & 255;
          }
        }
        out.setRGB(x, y, ((r + 4) / 9 << 16) | ((g + 4) / 9 << 8) | ((b + 4) / 9));
      }
    }
    return out;
  }

  private static void addNoise(BufferedImage image, double sigma, Random random) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        int r =
            SceneSampler.clamp(((p >> 16) & 255) + (int) Math.round(random.nextGaussian() * sigma));
        int g =
            SceneSampler.clamp(((p >> 8) & 255) + (int) Math.round(random.nextGaussian() * sigma));
        int b = SceneSampler.clamp((p & 255) + (int) Math.round(random.nextGaussian() * sigma));
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
  }

  /** Encodes as JPEG at the quality and decodes again, adding real compression artefacts. */
  static BufferedImage jpegRoundTrip(BufferedImage image, int quality) {
    try {
      return ImageIO.read(new ByteArrayInputStream(JpegEncoder.encode(image, quality)));
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory JPEG round trip failed", e);
    }
  }
}
