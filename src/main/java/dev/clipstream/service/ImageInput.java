package dev.clipstream.service;

import java.util.Objects;

/** One image as received: encoded file bytes, or raw interleaved RGB8 pixels. */
public sealed interface ImageInput {
  /** Encoded image bytes (JPEG, PNG, GIF, BMP, WebP). */
  record Encoded(byte[] bytes) implements ImageInput {
    public Encoded {
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /** Raw pixels, {@code width * height * 3} bytes, rows top to bottom. */
  record Raw(byte[] rgb8, int width, int height) implements ImageInput {
    public Raw {
      Objects.requireNonNull(rgb8, "rgb8");
    }
  }
}
