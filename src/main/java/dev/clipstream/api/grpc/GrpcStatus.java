package dev.clipstream.api.grpc;

import dev.clipstream.api.grpc.v1.ItemError;
import dev.clipstream.service.ClipServiceException;
import dev.clipstream.service.Futures;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.jboss.logging.Logger;

/**
 * The one place that turns failures into gRPC statuses. Every outcome maps to a precise code;
 * UNKNOWN is never produced: unexpected exceptions become INTERNAL and are logged once.
 */
public final class GrpcStatus {
  private static final Logger LOG = Logger.getLogger(GrpcStatus.class);

  /** Trailer telling gRPC clients how long to wait before retrying (gRFC A6). */
  public static final Metadata.Key<String> RETRY_PUSHBACK_MS =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

  private GrpcStatus() {}

  /** The status and trailers for a failure, as an exception to hand to a StreamObserver. */
  public static StatusRuntimeException toException(Throwable failure) {
    Throwable e = Futures.unwrap(failure);
    if (e instanceof StatusRuntimeException sre) {
      return sre.getStatus().getCode() == Status.Code.UNKNOWN
          ? Status.INTERNAL.withDescription(sre.getStatus().getDescription()).asRuntimeException()
          : sre;
    }
    if (e instanceof StatusException se) {
      return se.getStatus().asRuntimeException(se.getTrailers());
    }
    Metadata trailers = new Metadata();
    Status status = toStatus(e);
    if (e instanceof ClipServiceException ce && ce.retryAfterMillis() > 0) {
      trailers.put(RETRY_PUSHBACK_MS, Long.toString(ce.retryAfterMillis()));
    }
    return status.asRuntimeException(trailers);
  }

  /** The status for a failure (without trailers). */
  public static Status toStatus(Throwable failure) {
    Throwable e = Futures.unwrap(failure);
    if (e instanceof StatusRuntimeException sre) {
      return toException(sre).getStatus();
    }
    if (e instanceof ClipServiceException ce) {
      Status status =
          switch (ce.kind()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
            case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case CANCELLED -> Status.CANCELLED;
            case INTERNAL -> Status.INTERNAL;
          };
      if (ce.kind() == ClipServiceException.Kind.INTERNAL) {
        LOG.error("internal failure: " + ce.getMessage(), ce.getCause());
      }
      return status.withDescription(ce.getMessage());
    }
    LOG.error("unexpected failure", e);
    return Status.INTERNAL.withDescription("internal error: " + e.getClass().getSimpleName());
  }

  /** An item-level error for streams: the code and message of {@link #toStatus}. */
  public static ItemError toItemError(Throwable failure) {
    Status status = toStatus(failure);
    return ItemError.newBuilder()
        .setCode(status.getCode().value())
        .setMessage(status.getDescription() == null ? "" : status.getDescription())
        .build();
  }

  /** INVALID_ARGUMENT naming a field, for a malformed stream. */
  public static StatusRuntimeException invalid(String field, String detail) {
    return toException(ClipServiceException.invalid(field, detail));
  }
}
