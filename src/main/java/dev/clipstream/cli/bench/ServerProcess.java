package dev.clipstream.cli.bench;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve} (or the bench's {@link ReferenceServer}) in a child process, so the load generator
 * (this process) and the server do not share a JVM. Reports the server's resident memory from
 * {@code /proc}.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** How a server child is started on a given port, its output going to a log. */
  interface Launch {
    ProcessBuilder processBuilder(int port, Path log);
  }

  /** Starts a server on a free loopback port and waits until health says SERVING. */
  static ServerProcess start(Launch launch, Path log) throws IOException, InterruptedException {
    int port = freePort();
    Files.createDirectories(log.getParent());
    Process process = launch.processBuilder(port, log).start();
    ServerProcess server = new ServerProcess(process, port);
    server.awaitServing(Duration.ofMinutes(5), log);
    return server;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** CPU seconds the server has used so far (see {@link ProcessCpu}). */
  double cpuSeconds() {
    return ProcessCpu.seconds(pid());
  }

  /** Current resident set size in MiB, from /proc/PID/status (VmRSS). */
  double rssMiB() {
    return procStatusMiB("VmRSS:");
  }

  /** Peak resident set size in MiB since start (VmHWM). */
  double peakRssMiB() {
    return procStatusMiB("VmHWM:");
  }

  private double procStatusMiB(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  private void awaitServing(Duration timeout, Path log) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IOException("server exited with " + process.exitValue() + "; see " + log);
        }
        try {
          ServingStatus status =
              HealthGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(2, TimeUnit.SECONDS)
                  .check(HealthCheckRequest.newBuilder().build())
                  .getStatus();
          if (status == ServingStatus.SERVING) {
            return;
          }
        } catch (io.grpc.StatusRuntimeException notYet) {
          // Not listening or not warm yet: poll again.
        }
        Thread.sleep(250);
      }
      throw new IOException("server not SERVING within " + timeout + "; see " + log);
    } finally {
      channel.shutdownNow();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: the server drains
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
