package dev.clipstream.preprocess;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Deterministic JPEG images of a photo-like scene (gradient, shapes and noise), quality 0.9: real
 * decode and resize work for the server's warm-up and the benchmarks, with no image files shipped.
 */
public final class SyntheticImages {
  private SyntheticImages() {}

  /** A {@code width}×{@code height} JPEG drawn from {@code seed}. */
  public static byte[] jpeg(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    Random random = new Random(seed);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, randomColor(random), width, height, randomColor(random)));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 12; i++) {
      g.setColor(randomColor(random));
      int w = width / 8 + random.nextInt(width / 4);
      int h = height / 8 + random.nextInt(height / 4);
      int x = random.nextInt(width - w);
      int y = random.nextInt(height - h);
      if (random.nextBoolean()) {
        g.fillOval(x, y, w, h);
      } else {
        g.setStroke(new BasicStroke(1 + random.nextInt(8)));
        g.drawRect(x, y, w, h);
      }
    }
    g.dispose();
    int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
    for (int i = 0; i < rgb.length; i++) {
      int n = random.nextInt(17) - 8;
      int r = clamp(((rgb[i] >> 16) & 0xff) + n);
      int gr = clamp(((rgb[i] >> 8) & 0xff) + n);
      int b = clamp((rgb[i] & 0xff) + n);
      rgb[i] = (r << 16) | (gr << 8) | b;
    }
    image.setRGB(0, 0, width, height, rgb, 0, width);
    return JpegEncoder.encode(image, 90);
  }

  private static Color randomColor(Random random) {
    return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
