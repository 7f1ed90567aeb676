package dev.clipstream.api.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.clipstream.api.grpc.v1.ClipServiceGrpc;
import dev.clipstream.api.grpc.v1.EncodeImageRequest;
import dev.clipstream.api.grpc.v1.Image;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteStringArraysTest {
  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(n).nextBytes(bytes);
    return bytes;
  }

  @Test
  void aFieldThatOwnsItsWholeArrayIsSharedNotCopied() {
    byte[] original = randomBytes(85_000);
    assertSame(original, ByteStringArrays.readOnlyArray(UnsafeByteOperations.unsafeWrap(original)));
  }

  @Test
  void aParsedMessagesBytesFieldIsReadWithoutACopy() throws Exception {
    byte[] jpeg = randomBytes(85_000);
    byte[] wire = Image.newBuilder().setEncoded(ByteString.copyFrom(jpeg)).build().toByteArray();
    ByteString field = Image.parseFrom(wire).getEncoded();

    byte[] first = ByteStringArrays.readOnlyArray(field);

    assertArrayEquals(jpeg, first);
    assertSame(first, ByteStringArrays.readOnlyArray(field), "the field's own array, not a copy");
  }

  /** grpc-java's marshaller, which the server's gRPC bridge calls with a known-length stream. */
  @Test
  void aRequestParsedAsTheServerParsesItIsReadWithoutACopy() {
    byte[] jpeg = randomBytes(85_000);
    EncodeImageRequest sent =
        EncodeImageRequest.newBuilder()
            .addImages(Image.newBuilder().setEncoded(ByteString.copyFrom(jpeg)))
            .build();
    EncodeImageRequest received =
        ClipServiceGrpc.getEncodeImageMethod()
            .parseRequest(new KnownLengthStream(sent.toByteArray()));
    ByteString field = received.getImages(0).getEncoded();

    byte[] first = ByteStringArrays.readOnlyArray(field);

    assertArrayEquals(jpeg, first);
    assertSame(first, ByteStringArrays.readOnlyArray(field), "the field's own array, not a copy");
  }

  private static final class KnownLengthStream extends ByteArrayInputStream implements KnownLength {
    KnownLengthStream(byte[] bytes) {
      super(bytes);
    }
  }

  @Test
  void aSliceOfALargerArrayIsCopied() {
    byte[] backing = randomBytes(1000);
    ByteString slice = UnsafeByteOperations.unsafeWrap(backing, 100, 500);

    byte[] bytes = ByteStringArrays.readOnlyArray(slice);

    assertEquals(500, bytes.length);
    assertArrayEquals(slice.toByteArray(), bytes);
    assertNotSame(backing, bytes);
  }

  @Test
  void aConcatenationAndADirectBufferAreCopiedWhole() {
    byte[] a = randomBytes(300);
    byte[] b = randomBytes(700);
    ByteString rope = UnsafeByteOperations.unsafeWrap(a).concat(UnsafeByteOperations.unsafeWrap(b));
    ByteBuffer direct = ByteBuffer.allocateDirect(b.length).put(b).flip();

    assertArrayEquals(rope.toByteArray(), ByteStringArrays.readOnlyArray(rope));
    assertArrayEquals(b, ByteStringArrays.readOnlyArray(UnsafeByteOperations.unsafeWrap(direct)));
  }

  @Test
  void anEmptyFieldGivesAnEmptyArray() {
    assertEquals(0, ByteStringArrays.readOnlyArray(ByteString.EMPTY).length);
  }
}
