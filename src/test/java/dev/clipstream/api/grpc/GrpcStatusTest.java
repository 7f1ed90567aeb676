package dev.clipstream.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.clipstream.service.ClipServiceException;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class GrpcStatusTest {
  @Test
  void everyServiceFailureKindMapsToItsOwnCode() {
    assertEquals(
        Status.Code.INVALID_ARGUMENT,
        GrpcStatus.toStatus(ClipServiceException.invalid("texts", "x")).getCode());
    assertEquals(
        Status.Code.NOT_FOUND,
        GrpcStatus.toStatus(ClipServiceException.notFound("model", "x")).getCode());
    assertEquals(
        Status.Code.RESOURCE_EXHAUSTED,
        GrpcStatus.toStatus(ClipServiceException.tooLarge("images", "x")).getCode());
    assertEquals(
        Status.Code.DEADLINE_EXCEEDED,
        GrpcStatus.toStatus(ClipServiceException.deadlineExceeded("x")).getCode());
    assertEquals(
        Status.Code.UNAVAILABLE,
        GrpcStatus.toStatus(ClipServiceException.unavailable("x")).getCode());
    assertEquals(
        Status.Code.CANCELLED, GrpcStatus.toStatus(ClipServiceException.cancelled("x")).getCode());
    assertEquals(
        Status.Code.INTERNAL,
        GrpcStatus.toStatus(ClipServiceException.internal("x", null)).getCode());
  }

  @Test
  void descriptionNamesTheField() {
    assertEquals(
        "labels: too many",
        GrpcStatus.toStatus(ClipServiceException.invalid("labels", "too many")).getDescription());
  }

  @Test
  void overloadCarriesTheRetryPushbackTrailerButSizeLimitsDoNot() {
    var overloaded = GrpcStatus.toException(ClipServiceException.overloaded("full", 37));
    assertEquals("37", overloaded.getTrailers().get(GrpcStatus.RETRY_PUSHBACK_MS));
    var tooLarge = GrpcStatus.toException(ClipServiceException.tooLarge("images", "big"));
    assertNull(tooLarge.getTrailers().get(GrpcStatus.RETRY_PUSHBACK_MS));
  }

  @Test
  void unexpectedExceptionsAreInternalNeverUnknown() {
    for (Throwable t :
        new Throwable[] {
          new NullPointerException(),
          new CompletionException(new IllegalStateException("x")),
          new OutOfMemoryError(),
          Status.UNKNOWN.withDescription("from somewhere").asRuntimeException()
        }) {
      Status.Code code = GrpcStatus.toStatus(t).getCode();
      assertNotEquals(Status.Code.UNKNOWN, code);
      assertEquals(Status.Code.INTERNAL, code, t.toString());
    }
  }

  @Test
  void wrappedServiceFailuresAreUnwrapped() {
    assertEquals(
        Status.Code.NOT_FOUND,
        GrpcStatus.toStatus(new CompletionException(ClipServiceException.notFound("model", "x")))
            .getCode());
  }

  @Test
  void itemErrorsCarryTheNumericCodeAndMessage() {
    var error = GrpcStatus.toItemError(ClipServiceException.invalid("image", "corrupt"));
    assertEquals(3, error.getCode());
    assertEquals("image: corrupt", error.getMessage());
  }
}
