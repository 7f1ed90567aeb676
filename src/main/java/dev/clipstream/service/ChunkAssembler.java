package dev.clipstream.service;

/**
 * Reassembles one image sent in chunks. The declared total size is checked against the limit before
 * anything is buffered, and each chunk must start where the previous one ended.
 */
public final class ChunkAssembler {
  private final String field;
  private final byte[] buffer;
  private int received;

  /**
   * @param field the request field, for error messages
   * @param totalSizeBytes the declared size of the whole image
   * @param maxImageBytes the limit
   * @throws ClipServiceException INVALID_ARGUMENT for a size of 0; RESOURCE_EXHAUSTED over the
   *     limit (nothing is allocated then)
   */
  public ChunkAssembler(String field, long totalSizeBytes, long maxImageBytes) {
    this.field = field;
    if (totalSizeBytes <= 0) {
      throw ClipServiceException.invalid(
          field + ".total_size_bytes", "must be > 0 on the first chunk, got " + totalSizeBytes);
    }
    if (totalSizeBytes > maxImageBytes) {
      throw ClipServiceException.tooLarge(
          field + ".total_size_bytes",
          totalSizeBytes + " bytes exceeds the limit of " + maxImageBytes + " bytes");
    }
    this.buffer = new byte[(int) totalSizeBytes];
  }

  /**
   * Appends a chunk.
   *
   * @param declaredTotal the chunk's total_size_bytes: 0 or the first chunk's value
   * @return true when the image is complete
   * @throws ClipServiceException INVALID_ARGUMENT "chunk out of order", a changed total, or too
   *     many bytes
   */
  public boolean append(long offset, byte[] data, long declaredTotal) {
    if (declaredTotal != 0 && declaredTotal != buffer.length) {
      throw ClipServiceException.invalid(
          field + ".total_size_bytes",
          "changed from " + buffer.length + " to " + declaredTotal + " within one image");
    }
    if (offset != received) {
      throw ClipServiceException.invalid(
          field + ".offset", "chunk out of order: offset " + offset + ", expected " + received);
    }
    if (data.length > buffer.length - received) {
      throw ClipServiceException.invalid(
          field + ".data",
          "chunk at offset "
              + offset
              + " of "
              + data.length
              + " bytes runs past total_size_bytes "
              + buffer.length);
    }
    System.arraycopy(data, 0, buffer, received, data.length);
    received += data.length;
    return isComplete();
  }

  public boolean isComplete() {
    return received == buffer.length;
  }

  public int receivedBytes() {
    return received;
  }

  /** The whole image once complete. */
  public byte[] bytes() {
    if (!isComplete()) {
      throw ClipServiceException.invalid(
          field, "image incomplete: " + received + " of " + buffer.length + " bytes received");
    }
    return buffer;
  }
}
