package dev.clipstream.api.grpc;

import io.grpc.stub.ServerCallStreamObserver;

/**
 * Inbound flow control tied to outbound readiness: a stream's handler releases a credit when it is
 * done with a message, and the credit becomes a {@code request(1)} only while the response side is
 * ready. A client that pushes fast but stops reading its responses therefore stops being read,
 * instead of making the server buffer responses without bound.
 */
final class InboundCredits {
  private final ServerCallStreamObserver<?> call;
  private int owed; // guarded by this

  /** Must be created while the service method runs, since it installs the onReady handler. */
  InboundCredits(ServerCallStreamObserver<?> call) {
    this.call = call;
    call.setOnReadyHandler(this::flush);
  }

  /** {@code n} more messages may be read once the response side is ready. */
  void release(int n) {
    synchronized (this) {
      owed += n;
    }
    flush();
  }

  private void flush() {
    int n;
    synchronized (this) {
      if (owed == 0 || call.isCancelled() || !call.isReady()) {
        return;
      }
      n = owed;
      owed = 0;
    }
    call.request(n);
  }
}
