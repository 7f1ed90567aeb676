package dev.clipstream.api.grpc;

import dev.clipstream.service.CallContext;
import dev.clipstream.service.ClipServiceException;
import dev.clipstream.service.ServingState;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Around every clip.v1 call: admission (UNAVAILABLE while starting or draining, counted for the
 * drain), the call's {@link CallContext} (deadline from the gRPC deadline or the grpc-timeout
 * header; cancelled when the client cancels), the x-request-id echo, the W3C traceparent in the
 * logging MDC, the {@code server-timing} trailer, and the {@code
 * clip_requests_total{method,status}} metric. It also guarantees that no call ends with UNKNOWN.
 */
@ApplicationScoped
public class CallInterceptor implements ServerInterceptor {
  private static final Logger LOG = Logger.getLogger(CallInterceptor.class);

  static final Context.Key<CallContext> CALL = Context.key("clip-call");
  static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> TRACEPARENT =
      Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

  /** W3C Server-Timing, as a trailer: see {@link dev.clipstream.service.CallTiming}. */
  static final Metadata.Key<String> SERVER_TIMING =
      Metadata.Key.of("server-timing", Metadata.ASCII_STRING_MARSHALLER);

  static final Metadata.Key<String> GRPC_TIMEOUT =
      Metadata.Key.of("grpc-timeout", Metadata.ASCII_STRING_MARSHALLER);

  @Inject ServingState state;
  @Inject MeterRegistry meters;

  /** The current call's context (set by this interceptor). */
  static CallContext currentCall() {
    CallContext call = CALL.get();
    return call != null ? call : CallContext.withoutDeadline();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getBareMethodName();
    String requestId = headers.get(REQUEST_ID);
    String id =
        requestId != null && !requestId.isBlank() ? requestId : UUID.randomUUID().toString();
    String traceparent = headers.get(TRACEPARENT);
    CallContext callContext = new CallContext(deadlineNanos(headers));
    AtomicBoolean admitted = new AtomicBoolean();
    AtomicBoolean counted = new AtomicBoolean();
    ServerCall<Q, R> tracked =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(Metadata responseHeaders) {
            responseHeaders.put(REQUEST_ID, id);
            super.sendHeaders(responseHeaders);
          }

          @Override
          public void close(Status status, Metadata trailers) {
            Status safe = status;
            if (status.getCode() == Status.Code.UNKNOWN) {
              LOG.errorf(status.getCause(), "%s ended with UNKNOWN; reporting INTERNAL", method);
              safe = Status.INTERNAL.withDescription(status.getDescription());
            }
            trailers.put(REQUEST_ID, id);
            trailers.put(SERVER_TIMING, callContext.timing().serverTiming(System.nanoTime()));
            if (counted.compareAndSet(false, true)) {
              count(method, safe.getCode());
            }
            if (admitted.compareAndSet(true, false)) {
              state.exit();
            }
            super.close(safe, trailers);
          }
        };
    try {
      state.enter();
      admitted.set(true);
    } catch (ClipServiceException e) {
      tracked.close(GrpcStatus.toStatus(e), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(CALL, callContext);
    ServerCall.Listener<Q> listener = Contexts.interceptCall(context, tracked, headers, next);
    return new SimpleForwardingServerCallListener<>(listener) {
      private void withMdc(Runnable r) {
        MDC.put("requestId", id);
        if (traceparent != null) {
          MDC.put("traceparent", traceparent);
        }
        try {
          r.run();
        } finally {
          MDC.remove("requestId");
          MDC.remove("traceparent");
        }
      }

      @Override
      public void onMessage(Q message) {
        withMdc(() -> super.onMessage(message));
      }

      @Override
      public void onHalfClose() {
        withMdc(super::onHalfClose);
      }

      @Override
      public void onCancel() {
        callContext.cancel();
        if (admitted.compareAndSet(true, false)) {
          state.exit();
        }
        if (counted.compareAndSet(false, true)) {
          count(method, Status.Code.CANCELLED);
        }
        withMdc(super::onCancel);
      }

      @Override
      public void onComplete() {
        withMdc(super::onComplete);
      }

      @Override
      public void onReady() {
        withMdc(super::onReady);
      }
    };
  }

  private void count(String method, Status.Code code) {
    Counter.builder("clip.requests")
        .description("Completed clip.v1 calls by method and status")
        .tags("method", method, "status", code.name())
        .register(meters)
        .increment();
  }

  /**
   * The call's deadline as a nanoTime reading, from the gRPC context or the grpc-timeout header.
   */
  static long deadlineNanos(Metadata headers) {
    Deadline deadline = Context.current().getDeadline();
    if (deadline != null) {
      return System.nanoTime() + deadline.timeRemaining(TimeUnit.NANOSECONDS);
    }
    String timeout = headers.get(GRPC_TIMEOUT);
    Long nanos = parseGrpcTimeout(timeout);
    return nanos == null ? CallContext.NO_DEADLINE : System.nanoTime() + nanos;
  }

  /** Parses a grpc-timeout header ("100m", "5S", …); null when absent or malformed. */
  static Long parseGrpcTimeout(String value) {
    if (value == null || value.length() < 2 || value.length() > 9) {
      return null;
    }
    long amount;
    try {
      amount = Long.parseLong(value.substring(0, value.length() - 1));
    } catch (NumberFormatException e) {
      return null;
    }
    TimeUnit unit =
        switch (value.charAt(value.length() - 1)) {
          case 'n' -> TimeUnit.NANOSECONDS;
          case 'u' -> TimeUnit.MICROSECONDS;
          case 'm' -> TimeUnit.MILLISECONDS;
          case 'S' -> TimeUnit.SECONDS;
          case 'M' -> TimeUnit.MINUTES;
          case 'H' -> TimeUnit.HOURS;
          default -> null;
        };
    return unit == null || amount < 0 ? null : unit.toNanos(amount);
  }
}
