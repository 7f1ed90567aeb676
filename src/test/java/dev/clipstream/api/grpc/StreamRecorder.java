package dev.clipstream.api.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Records a server stream's responses and its end. */
final class StreamRecorder<T> implements StreamObserver<T> {
  final List<T> values = new CopyOnWriteArrayList<>();
  final CountDownLatch done = new CountDownLatch(1);
  volatile Throwable error;

  @Override
  public void onNext(T value) {
    values.add(value);
  }

  @Override
  public void onError(Throwable t) {
    error = t;
    done.countDown();
  }

  @Override
  public void onCompleted() {
    done.countDown();
  }

  /** Waits for the end of the stream. */
  StreamRecorder<T> await() throws InterruptedException {
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("stream did not end within 30 s; got " + values.size());
    }
    return this;
  }

  Status status() {
    return error == null ? Status.OK : Status.fromThrowable(error);
  }
}
