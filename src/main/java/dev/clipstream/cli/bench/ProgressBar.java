package dev.clipstream.cli.bench;

import java.io.PrintStream;

/** A one-line progress bar on stderr: {@code [#####.....] 12/40 server image c=64}. */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final int total;
  private int done;

  ProgressBar(PrintStream out, int total) {
    this.out = out;
    this.total = Math.max(1, total);
  }

  /** Shows the step about to run. */
  void step(String label) {
    int filled = (int) ((long) WIDTH * done / total);
    out.printf(
        "\r[%s%s] %d/%d %-60.60s",
        "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, label);
    out.flush();
    done = Math.min(total, done + 1);
  }

  void finish() {
    out.printf("\r[%s] %d/%d done%60s%n", "#".repeat(WIDTH), total, total, "");
  }
}
