package dev.clipstream.api.grpc;

import io.grpc.stub.StreamObserver;

/**
 * Serialises writes to a {@link StreamObserver}, which is not thread-safe, since results come back
 * on batch and worker threads. Writes after the stream ended are dropped.
 */
final class SerializedObserver<T> implements StreamObserver<T> {
  private final StreamObserver<T> delegate;
  private boolean done; // guarded by this

  SerializedObserver(StreamObserver<T> delegate) {
    this.delegate = delegate;
  }

  @Override
  public synchronized void onNext(T value) {
    if (!done) {
      delegate.onNext(value);
    }
  }

  @Override
  public synchronized void onError(Throwable t) {
    if (!done) {
      done = true;
      delegate.onError(GrpcStatus.toException(t));
    }
  }

  @Override
  public synchronized void onCompleted() {
    if (!done) {
      done = true;
      delegate.onCompleted();
    }
  }

  synchronized boolean isDone() {
    return done;
  }
}
