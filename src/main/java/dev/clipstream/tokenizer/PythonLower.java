package dev.clipstream.tokenizer;

/**
 * Python's {@code str.lower()}: the full lower-case mapping, code point by code point, with
 * CPython's rule for capital sigma. Java's {@code toLowerCase(Locale.ROOT)} differs on the sigma:
 * it looks for word boundaries, while CPython makes Σ final (ς) when a cased character precedes it
 * and none follows, skipping case-ignorable characters in both directions.
 */
final class PythonLower {
  private static final int CAPITAL_SIGMA = 0x3A3;
  private static final int CAPITAL_I_WITH_DOT = 0x130;

  private PythonLower() {}

  static String lower(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && s.charAt(i) < 0x80 && !(s.charAt(i) >= 'A' && s.charAt(i) <= 'Z')) {
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder out = new StringBuilder(n + 8).append(s, 0, i);
    while (i < n) {
      int cp = s.codePointAt(i);
      if (cp == CAPITAL_SIGMA) {
        out.append(isFinalSigma(s, i) ? '\u03C2' : '\u03C3');
      } else if (cp == CAPITAL_I_WITH_DOT) {
        out.append("i\u0307"); // the one unconditional multi-character lower mapping
      } else {
        out.appendCodePoint(Character.toLowerCase(cp));
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /** CPython's {@code handle_capital_sigma}. */
  private static boolean isFinalSigma(String s, int index) {
    int j = index;
    int before = -1;
    while (j > 0) {
      int c = s.codePointBefore(j);
      j -= Character.charCount(c);
      if (!isCaseIgnorable(c)) {
        before = c;
        break;
      }
    }
    if (before < 0 || !isCased(before)) {
      return false;
    }
    j = index + 1;
    while (j < s.length()) {
      int c = s.codePointAt(j);
      j += Character.charCount(c);
      if (!isCaseIgnorable(c)) {
        return !isCased(c);
      }
    }
    return true;
  }

  /** Unicode's derived property Cased: Lowercase, Uppercase or titlecase letter. */
  static boolean isCased(int c) {
    return Character.isLowerCase(c) || Character.isUpperCase(c) || Character.isTitleCase(c);
  }

  /**
   * Unicode's derived property Case_Ignorable: general category Mn, Me, Cf, Lm or Sk, or word break
   * MidLetter, MidNumLet or Single_Quote.
   */
  static boolean isCaseIgnorable(int c) {
    switch (Character.getType(c)) {
      case Character.NON_SPACING_MARK,
      Character.ENCLOSING_MARK,
      Character.FORMAT,
      Character.MODIFIER_LETTER,
      Character.MODIFIER_SYMBOL:
        return true;
      default:
        break;
    }
    switch (c) {
      case '\'',
      '.',
      ':',
      0xB7,
      0x387,
      0x55F,
      0x5F4,
      0x2018,
      0x2019,
      0x2024,
      0x2027,
      0xFE13,
      0xFE52,
      0xFE55,
      0xFF07,
      0xFF0E,
      0xFF1A:
        return true;
      default:
        return false;
    }
  }
}
