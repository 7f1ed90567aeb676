package dev.clipstream.preprocess;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} reading straight from a byte array: no copy into
 * a cache, no temporary file.
 *
 * <p>It also stops decoders that ignore the end of the data: TwelveMonkeys' WebP bit reader
 * swallows {@link java.io.EOFException} and keeps asking for bytes, looping for ever on truncated
 * files. After {@link #MAX_READS_PAST_END} reads past the end this stream throws {@link
 * PastEndOfDataException}, which is unchecked so that such decoders cannot swallow it.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {
  /** Generous: well-behaved decoders stop at the first end-of-data. */
  static final int MAX_READS_PAST_END = 4096;

  private final byte[] data;
  private int readsPastEnd;

  ByteArrayImageInputStream(byte[] data) {
    this.data = data;
  }

  @Override
  public int read() throws java.io.IOException {
    checkClosed();
    bitOffset = 0;
    if (streamPos >= data.length) {
      return endOfData();
    }
    return data[(int) streamPos++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws java.io.IOException {
    checkClosed();
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
    if (streamPos >= data.length) {
      return endOfData();
    }
    int n = (int) Math.min(len, data.length - streamPos);
    System.arraycopy(data, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  private int endOfData() {
    if (++readsPastEnd > MAX_READS_PAST_END) {
      throw new PastEndOfDataException(readsPastEnd);
    }
    return -1;
  }

  @Override
  public long length() {
    return data.length;
  }

  /** The decoder kept reading after the data ended: the file is truncated. */
  static final class PastEndOfDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PastEndOfDataException(int reads) {
      super("decoder read past the end of the data " + reads + " times");
    }
  }
}
