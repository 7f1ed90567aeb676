package dev.clipstream.service;

import java.util.Objects;

/**
 * Every failure the service reports, typed by {@link Kind} so the API maps each to one status
 * without parsing messages. Bad input names its field ({@code images[2]}, {@code labels}).
 */
public final class ClipServiceException extends RuntimeException {
  /** What went wrong, in terms a caller can act on. */
  public enum Kind {
    /** The request is malformed; {@link #field()} names the offending field. */
    INVALID_ARGUMENT,
    /** The named model is not loaded. */
    NOT_FOUND,
    /** A size limit was exceeded or the server is overloaded; see {@link #retryAfterMillis()}. */
    RESOURCE_EXHAUSTED,
    /** The call's deadline passed before its work ran. */
    DEADLINE_EXCEEDED,
    /** The server is starting up or draining. */
    UNAVAILABLE,
    /** The caller cancelled. */
    CANCELLED,
    /** A bug or a model failure; never the caller's fault. */
    INTERNAL
  }

  private final Kind kind;
  private final String field;
  private final String detail;
  private final long retryAfterMillis;

  private ClipServiceException(
      Kind kind, String field, String detail, long retryAfterMillis, Throwable cause) {
    super(field == null ? detail : field + ": " + detail, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.field = field;
    this.detail = detail;
    this.retryAfterMillis = retryAfterMillis;
  }

  public static ClipServiceException invalid(String field, String detail) {
    return new ClipServiceException(Kind.INVALID_ARGUMENT, field, detail, 0, null);
  }

  public static ClipServiceException notFound(String field, String detail) {
    return new ClipServiceException(Kind.NOT_FOUND, field, detail, 0, null);
  }

  /** A request over a size limit: retrying the same request will not help. */
  public static ClipServiceException tooLarge(String field, String detail) {
    return new ClipServiceException(Kind.RESOURCE_EXHAUSTED, field, detail, 0, null);
  }

  /** The server is overloaded; the same request may succeed after {@code retryAfterMillis}. */
  public static ClipServiceException overloaded(String detail, long retryAfterMillis) {
    return new ClipServiceException(
        Kind.RESOURCE_EXHAUSTED, null, detail, Math.max(1, retryAfterMillis), null);
  }

  public static ClipServiceException deadlineExceeded(String detail) {
    return new ClipServiceException(Kind.DEADLINE_EXCEEDED, null, detail, 0, null);
  }

  public static ClipServiceException unavailable(String detail) {
    return new ClipServiceException(Kind.UNAVAILABLE, null, detail, 0, null);
  }

  public static ClipServiceException cancelled(String detail) {
    return new ClipServiceException(Kind.CANCELLED, null, detail, 0, null);
  }

  public static ClipServiceException internal(String detail, Throwable cause) {
    return new ClipServiceException(Kind.INTERNAL, null, detail, 0, cause);
  }

  /** The same failure, about {@code prefix} (e.g. {@code images[2]}) or a part of it. */
  public ClipServiceException inField(String prefix) {
    String qualified = field == null ? prefix : prefix + "." + field;
    return new ClipServiceException(kind, qualified, detail, retryAfterMillis, getCause());
  }

  public Kind kind() {
    return kind;
  }

  /** The offending request field, or null when the failure concerns no field. */
  public String field() {
    return field;
  }

  public String detail() {
    return detail;
  }

  /** For overload: when to retry; 0 when retrying is pointless or not about load. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }
}
