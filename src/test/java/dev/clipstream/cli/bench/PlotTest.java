package dev.clipstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTest {
  private static final Color FIRST_SERIES = new Color(0x1f77b4);

  @Test
  void curvesAndTheLimitStayInThePlotAreaAndTheLegendBesideIt(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("p.png");
    new Plot("t", "items/s")
        .series("server", Map.of(1, 10.0, 4, 80.0, 16, 99.0))
        .limit("raw limit", 100.0)
        .write(png);
    BufferedImage image = ImageIO.read(Files.newInputStream(png));
    assertEquals(Plot.WIDTH, image.getWidth());
    assertEquals(Plot.HEIGHT, image.getHeight());
    assertTrue(hasColour(image, Plot.PLOT_RIGHT + 1, Plot.WIDTH, FIRST_SERIES), "legend swatch");
    boolean limitInLegendColumn = false;
    Color limit = Color.RED.darker();
    for (int x = Plot.PLOT_RIGHT + 1; x < Plot.WIDTH; x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        limitInLegendColumn |= image.getRGB(x, y) == limit.getRGB();
      }
    }
    assertTrue(!limitInLegendColumn, "the limit line runs into the legend column");
    assertTrue(hasColour(image, 0, Plot.PLOT_RIGHT + 1, limit), "limit line in the plot area");
  }

  private static boolean hasColour(BufferedImage image, int fromX, int toX, Color colour) {
    for (int x = fromX; x < toX; x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        if (image.getRGB(x, y) == colour.getRGB()) {
          return true;
        }
      }
    }
    return false;
  }
}
