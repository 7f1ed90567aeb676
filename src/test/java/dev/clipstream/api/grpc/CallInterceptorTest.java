package dev.clipstream.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CallInterceptorTest {
  @Test
  void grpcTimeoutHeaderIsParsedInEveryUnit() {
    assertEquals(100_000_000L, CallInterceptor.parseGrpcTimeout("100m"));
    assertEquals(5_000_000_000L, CallInterceptor.parseGrpcTimeout("5S"));
    assertEquals(7_000L, CallInterceptor.parseGrpcTimeout("7u"));
    assertEquals(9L, CallInterceptor.parseGrpcTimeout("9n"));
    assertEquals(120_000_000_000L, CallInterceptor.parseGrpcTimeout("2M"));
    assertEquals(3_600_000_000_000L, CallInterceptor.parseGrpcTimeout("1H"));
  }

  @Test
  void malformedGrpcTimeoutMeansNoDeadline() {
    assertNull(CallInterceptor.parseGrpcTimeout(null));
    assertNull(CallInterceptor.parseGrpcTimeout("m"));
    assertNull(CallInterceptor.parseGrpcTimeout("10x"));
    assertNull(CallInterceptor.parseGrpcTimeout("abcm"));
    assertNull(CallInterceptor.parseGrpcTimeout("1234567890m"));
  }
}
