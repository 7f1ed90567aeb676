package dev.clipstream.tokenizer;

/**
 * GPT-2/CLIP's reversible byte-to-unicode table ({@code bytes_to_unicode()} in
 * simple_tokenizer.py): printable Latin-1 bytes map to themselves, the other 68 bytes to U+0100
 * upwards, so that every byte is a visible symbol in the vocabulary.
 *
 * <p>The vocabulary lists the 256 byte symbols in the table's insertion order (the printable ranges
 * first), not in byte order; {@link #orderedSymbols()} gives that order.
 */
final class ByteSymbols {
  private static final char[] SYMBOL_OF_BYTE = new char[256];
  private static final int[] BYTES_IN_VOCAB_ORDER = new int[256];

  static {
    int count = 0;
    for (int b = 0; b < 256; b++) {
      if (isPrintableLatin1(b)) {
        SYMBOL_OF_BYTE[b] = (char) b;
        BYTES_IN_VOCAB_ORDER[count++] = b;
      }
    }
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      if (!isPrintableLatin1(b)) {
        SYMBOL_OF_BYTE[b] = (char) (256 + extra++);
        BYTES_IN_VOCAB_ORDER[count++] = b;
      }
    }
  }

  private ByteSymbols() {}

  private static boolean isPrintableLatin1(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }

  /** The visible symbol standing for byte {@code b} (0..255). */
  static char symbol(int b) {
    return SYMBOL_OF_BYTE[b & 0xFF];
  }

  /** The 256 byte symbols in the order the vocabulary lists them (ids 0..255). */
  static String[] orderedSymbols() {
    String[] out = new String[256];
    for (int i = 0; i < 256; i++) {
      out[i] = String.valueOf(SYMBOL_OF_BYTE[BYTES_IN_VOCAB_ORDER[i]]);
    }
    return out;
  }
}
