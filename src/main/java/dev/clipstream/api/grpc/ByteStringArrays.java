package dev.clipstream.api.grpc;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * A request's {@code bytes} field as a {@code byte[]} for the service, without a copy when the
 * field already owns exactly one array.
 *
 * <p>Why: {@link ByteString#toByteArray()} allocates and copies every image a request carries (85
 * KB for a 640x480 JPEG) on the event loop, only for the decoder to read it once. Parsing a message
 * from bytes gives its {@code bytes} fields arrays of their own, which nothing writes to
 * afterwards; protobuf hands such an array out through {@link UnsafeByteOperations#unsafeWriteTo}.
 * The array is shared read-only: callers must never write to it. A field that is a slice of a
 * larger array, a concatenation or a direct buffer (aliased or rope-built messages) is copied as
 * before.
 */
final class ByteStringArrays {
  private ByteStringArrays() {}

  /** The bytes, sharing the field's own array when it is exactly that array. Never write to it. */
  static byte[] readOnlyArray(ByteString bytes) {
    WholeArrayCapture capture = new WholeArrayCapture();
    try {
      UnsafeByteOperations.unsafeWriteTo(bytes, capture);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the capture does no I/O
    }
    byte[] whole = capture.wholeArray();
    return whole != null ? whole : bytes.toByteArray();
  }

  /** Keeps the array of a single lazy write that covers it whole; anything else gives none. */
  private static final class WholeArrayCapture extends ByteOutput {
    private byte[] whole;
    private boolean other;

    byte[] wholeArray() {
      return other ? null : whole;
    }

    @Override
    public void writeLazy(byte[] value, int offset, int length) {
      if (whole != null || offset != 0 || length != value.length) {
        other = true;
      } else {
        whole = value;
      }
    }

    @Override
    public void write(byte value) {
      other = true;
    }

    @Override
    public void write(byte[] value, int offset, int length) {
      other = true;
    }

    @Override
    public void write(ByteBuffer value) {
      other = true;
    }

    @Override
    public void writeLazy(ByteBuffer value) {
      other = true;
    }
  }
}
