package dev.clipstream.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, from Linux's {@code /proc/PID/stat} (user + system). The bench
 * divides it by items to give a per-item CPU cost that, unlike wall-clock throughput, does not
 * charge the server for the load generator sharing its cores.
 */
final class ProcessCpu {
  /** USER_HZ: the unit of utime/stime; 100 on every mainstream Linux. */
  private static final double TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  /** CPU seconds used so far by {@code pid}; NaN where /proc is not available. */
  static double seconds(long pid) {
    try {
      return fromStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** CPU seconds of this JVM. */
  static double self() {
    return seconds(ProcessHandle.current().pid());
  }

  /**
   * Parses a stat line. The command name (field 2) is in parentheses and may hold spaces, so fields
   * are counted after the last ')': utime and stime are fields 14 and 15 of the line.
   */
  static double fromStat(String stat) {
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // after[0] is field 3 (state), so field N is after[N - 3].
    long utime = Long.parseLong(after[14 - 3]);
    long stime = Long.parseLong(after[15 - 3]);
    return (utime + stime) / TICKS_PER_SECOND;
  }
}
