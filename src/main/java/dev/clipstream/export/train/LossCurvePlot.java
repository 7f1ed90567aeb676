package dev.clipstream.export.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the training loss (and in-batch accuracy) of one or more {@code train-log.csv} files as a
 * PNG with Java2D: raw values faint, a 50-step moving average bold.
 */
public final class LossCurvePlot {
  private static final int W = 900;
  private static final int H = 500;
  private static final int LEFT = 70;
  private static final int RIGHT = 70;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private LossCurvePlot() {}

  /** Steps, losses and accuracies, concatenated over the logs in order. */
  record Series(List<Double> loss, List<Double> accuracy) {}

  static Series read(List<Path> logs) throws IOException {
    List<Double> loss = new ArrayList<>();
    List<Double> acc = new ArrayList<>();
    for (Path log : logs) {
      for (String line : Files.readAllLines(log)) {
        if (line.isBlank() || line.startsWith("step")) {
          continue;
        }
        String[] f = line.split(",");
        loss.add(Double.parseDouble(f[1]));
        acc.add(Double.parseDouble(f[2]));
      }
    }
    if (loss.isEmpty()) {
      throw new IOException("no rows in " + logs);
    }
    return new Series(loss, acc);
  }

  public static void write(List<Path> logs, Path png, String title) throws IOException {
    Series s = read(logs);
    int n = s.loss().size();
    double maxLoss = 0;
    for (double v : s.loss()) {
      maxLoss = Math.max(maxLoss, v);
    }
    maxLoss = Math.ceil(maxLoss);
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    g.setColor(new Color(230, 230, 230));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 5; i++) {
      int y = TOP + ph * i / 5;
      g.drawLine(LEFT, y, LEFT + pw, y);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawRect(LEFT, TOP, pw, ph);
    for (int i = 0; i <= 5; i++) {
      int y = TOP + ph * i / 5;
      g.drawString(String.format("%.1f", maxLoss * (5 - i) / 5), LEFT - 40, y + 4);
      g.drawString(String.format("%.0f%%", 100.0 * (5 - i) / 5), LEFT + pw + 8, y + 4);
    }
    for (int i = 0; i <= 5; i++) {
      int x = LEFT + pw * i / 5;
      g.drawString(String.valueOf(n * i / 5), x - 12, TOP + ph + 18);
    }
    g.drawString("step", LEFT + pw / 2 - 10, H - 12);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, LEFT, 24);
    curve(g, s.loss(), n, maxLoss, new Color(70, 110, 220), 1);
    curve(g, s.accuracy(), n, 1.0, new Color(230, 120, 30), 1);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(new Color(70, 110, 220));
    g.drawString("contrastive loss (left axis, 50-step mean)", LEFT + 10, TOP + 16);
    g.setColor(new Color(230, 120, 30));
    g.drawString("in-batch accuracy (right axis)", LEFT + 10, TOP + 32);
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  private static void curve(Graphics2D g, List<Double> values, int n, double max, Color c, int w) {
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 50));
    g.setStroke(new BasicStroke(1f));
    Path2D raw = new Path2D.Double();
    Path2D mean = new Path2D.Double();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double x = LEFT + pw * (i + 1.0) / n;
      double v = values.get(i);
      sum += v;
      if (i >= 50) {
        sum -= values.get(i - 50);
      }
      double avg = sum / Math.min(i + 1, 50);
      double yRaw = TOP + ph * (1 - Math.min(v, max) / max);
      double yAvg = TOP + ph * (1 - Math.min(avg, max) / max);
      if (i == 0) {
        raw.moveTo(x, yRaw);
        mean.moveTo(x, yAvg);
      } else {
        raw.lineTo(x, yRaw);
        mean.lineTo(x, yAvg);
      }
    }
    g.draw(raw);
    g.setColor(c);
    g.setStroke(new BasicStroke(2.2f));
    g.draw(mean);
  }
}
