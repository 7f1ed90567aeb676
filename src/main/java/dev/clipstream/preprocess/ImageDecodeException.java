package dev.clipstream.preprocess;

/**
 * An encoded image that cannot be turned into pixels: empty, too large, of an unsupported format,
 * truncated or corrupt. Checked on purpose: every caller must decide how to report bad input.
 */
public final class ImageDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the image was refused; callers map these to user-facing errors. */
  public enum Reason {
    /** No bytes at all. */
    EMPTY,
    /** More encoded bytes than {@link PreprocessOptions#maxBytes()}. */
    TOO_MANY_BYTES,
    /** More pixels in the header than {@link PreprocessOptions#maxPixels()}. */
    TOO_MANY_PIXELS,
    /** Not JPEG, PNG, GIF, BMP or WebP, or a variant of them the decoder cannot read. */
    UNSUPPORTED_FORMAT,
    /** The data is malformed. */
    CORRUPT,
    /** The data ends before the image does. */
    TRUNCATED,
    /** Width or height is zero, negative, or inconsistent with the pixel data given. */
    BAD_DIMENSIONS
  }

  private final Reason reason;

  public ImageDecodeException(Reason reason, String message) {
    super(message);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
  }

  public ImageDecodeException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
