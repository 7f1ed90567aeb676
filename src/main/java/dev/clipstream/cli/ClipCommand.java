package dev.clipstream.cli;

import dev.clipstream.cli.bench.BenchCommand;
import dev.clipstream.cli.bench.ReferenceServerCommand;
import picocli.CommandLine.Command;

/** The top-level command: every tool is a subcommand. */
@Command(
    name = "clip",
    mixinStandardHelpOptions = true,
    version = "clipstream 0.1.0",
    description = "CLIP gRPC streaming inference server and tools.",
    subcommands = {
      TokenizeCommand.class,
      PreprocessCommand.class,
      ExportCommand.class,
      EmbedCommand.class,
      ClassifyCommand.class,
      ServeCommand.class,
      BenchCommand.class,
      ReferenceServerCommand.class,
      SynthCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      LossPlotCommand.class
    })
public final class ClipCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }
}
