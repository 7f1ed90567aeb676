package dev.clipstream.cli.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A small line chart drawn with Java2D: log2 x axis (concurrency), linear y, dashed limit lines.
 * The legend has a column of its own right of the plot, so that it never covers a limit line or a
 * curve near the top (throughput approaches the raw limit exactly there).
 */
final class Plot {
  static final int WIDTH = 1_120;
  static final int HEIGHT = 540;
  private static final int MARGIN = 70;
  private static final int LEGEND_WIDTH = 220;

  /** Right edge of the plot area; the legend column starts beyond it. */
  static final int PLOT_RIGHT = WIDTH - MARGIN - LEGEND_WIDTH;

  private static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0x9467bd),
    new Color(0x8c564b)
  };

  private final String title;
  private final String yLabel;
  private final List<Map.Entry<String, Map<Integer, Double>>> series = new ArrayList<>();
  private final List<Map.Entry<String, Double>> limits = new ArrayList<>();

  Plot(String title, String yLabel) {
    this.title = title;
    this.yLabel = yLabel;
  }

  Plot series(String name, Map<Integer, Double> points) {
    if (!points.isEmpty()) {
      series.add(Map.entry(name, points));
    }
    return this;
  }

  Plot limit(String name, double value) {
    if (Double.isFinite(value)) {
      limits.add(Map.entry(name, value));
    }
    return this;
  }

  void write(Path png) throws IOException {
    int xMin = Integer.MAX_VALUE;
    int xMax = 1;
    double yMax = 0;
    for (var s : series) {
      for (var p : s.getValue().entrySet()) {
        xMin = Math.min(xMin, p.getKey());
        xMax = Math.max(xMax, p.getKey());
        if (Double.isFinite(p.getValue())) {
          yMax = Math.max(yMax, p.getValue());
        }
      }
    }
    for (var l : limits) {
      yMax = Math.max(yMax, l.getValue());
    }
    xMin = xMin == Integer.MAX_VALUE ? 1 : xMin;
    yMax = yMax <= 0 ? 1 : yMax * 1.1;
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, MARGIN, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    Axis axis = new Axis(xMin, xMax, yMax);
    g.drawLine(MARGIN, HEIGHT - MARGIN, PLOT_RIGHT, HEIGHT - MARGIN);
    g.drawLine(MARGIN, MARGIN, MARGIN, HEIGHT - MARGIN);
    for (int x = xMin; x <= xMax; x *= 2) {
      int px = axis.px(x);
      g.drawLine(px, HEIGHT - MARGIN, px, HEIGHT - MARGIN + 5);
      g.drawString(Integer.toString(x), px - 8, HEIGHT - MARGIN + 20);
    }
    for (int i = 0; i <= 5; i++) {
      double y = yMax * i / 5;
      int py = axis.py(y);
      g.drawLine(MARGIN - 5, py, MARGIN, py);
      g.drawString(String.format("%.3g", y), 5, py + 4);
    }
    g.drawString("concurrency (log2)", (MARGIN + PLOT_RIGHT) / 2 - 50, HEIGHT - 25);
    g.drawString(yLabel, 5, MARGIN - 15);
    int legendY = MARGIN;
    int colour = 0;
    for (var s : series) {
      g.setColor(PALETTE[colour++ % PALETTE.length]);
      g.setStroke(new BasicStroke(2.5f));
      int[] prev = null;
      for (var p : new java.util.TreeMap<>(s.getValue()).entrySet()) {
        if (!Double.isFinite(p.getValue())) {
          continue;
        }
        int[] cur = {axis.px(p.getKey()), axis.py(p.getValue())};
        g.fillOval(cur[0] - 4, cur[1] - 4, 8, 8);
        if (prev != null) {
          g.drawLine(prev[0], prev[1], cur[0], cur[1]);
        }
        prev = cur;
      }
      legendY += 18;
      g.drawLine(PLOT_RIGHT + 20, legendY - 4, PLOT_RIGHT + 40, legendY - 4);
      g.drawString(s.getKey(), PLOT_RIGHT + 46, legendY);
    }
    g.setStroke(
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0));
    g.setColor(Color.RED.darker());
    for (var l : limits) {
      int py = axis.py(l.getValue());
      g.drawLine(MARGIN, py, PLOT_RIGHT, py);
      g.drawString(l.getKey(), MARGIN + 8, py - 5);
    }
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  private record Axis(int xMin, int xMax, double yMax) {
    int px(int x) {
      double span = Math.max(1e-9, log2(xMax) - log2(xMin));
      return MARGIN + (int) ((log2(x) - log2(xMin)) / span * (PLOT_RIGHT - MARGIN));
    }

    int py(double y) {
      return HEIGHT - MARGIN - (int) (y / yMax * (HEIGHT - 2 * MARGIN));
    }

    private static double log2(double v) {
      return Math.log(v) / Math.log(2);
    }
  }
}
