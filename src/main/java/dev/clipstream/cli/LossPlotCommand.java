package dev.clipstream.cli;

import dev.clipstream.export.train.LossCurvePlot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loss-plot}: draws train-log.csv files (one run, or several runs in order) as a PNG. */
@Command(
    name = "loss-plot",
    mixinStandardHelpOptions = true,
    description = {
      "Draws the loss and in-batch accuracy of train-log.csv files (concatenated in order) as a PNG.",
      "Example: loss-plot --log runs/shapes/train-log.csv --out loss.png"
    })
public final class LossPlotCommand implements Callable<Integer> {
  @Option(names = "--log", required = true, description = "train-log.csv (repeatable).")
  List<Path> logs;

  @Option(names = "--out", required = true, description = "PNG to write.")
  Path out;

  @Option(names = "--title", defaultValue = "CLIP training", description = "Title.")
  String title;

  @Override
  public Integer call() throws Exception {
    LossCurvePlot.write(logs, out, title);
    System.out.println(out);
    return 0;
  }
}
