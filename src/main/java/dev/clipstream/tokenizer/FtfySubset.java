package dev.clipstream.tokenizer;

import java.text.Normalizer;

/**
 * The part of ftfy 6.3.1's {@code fix_text} (default settings) that CLIP's tokenizer runs first.
 *
 * <p>Covered, in ftfy's order and repeated until the text stops changing, per line:
 *
 * <ol>
 *   <li>{@code unescape_html}: {@code &[#]name;} references (1..24 ASCII letters or digits, with
 *       the semicolon), including ftfy's all-caps names such as {@code &EACUTE;}; skipped for the
 *       rest of the text from the first line that contains {@code <}, as ftfy's "auto" mode;
 *   <li>{@code fix_c1_controls}: U+0080..U+009F read as Windows-1252 (U+0085 becomes …);
 *   <li>{@code fix_latin_ligatures}: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ Ĳ ĳ ŉ Ǳ..ǌ split into letters;
 *   <li>{@code fix_character_width}: full-width and half-width forms U+FF01..U+FFEF to their NFKC
 *       form, U+3000 to a space;
 *   <li>{@code uncurl_quotes}: U+2018..U+201B and U+02BC to {@code '}, U+201C..U+201F to {@code "};
 *   <li>{@code fix_line_breaks}: CRLF, CR, U+2028, U+2029, U+0085 to LF;
 *   <li>{@code fix_surrogates}: a lone surrogate becomes U+FFFD (Java strings hold valid pairs as
 *       one code point already), which also makes unpaired surrogates safe to UTF-8 encode;
 *   <li>{@code remove_terminal_escapes}: {@code ESC [ digits/; letter};
 *   <li>{@code remove_control_chars}: U+0000..U+0008, U+000B, U+000E..U+001F, U+007F,
 *       U+206A..U+206F, U+FEFF, U+FFF9..U+FFFC removed;
 *   <li>NFC normalisation (Java's Unicode tables, version 13 in Java 17).
 * </ol>
 *
 * <p>Not covered: {@code fix_encoding} (mojibake repair such as {@code cafÃ©} to {@code café},
 * which needs ftfy's statistical "badness" heuristic). Such text is tokenised as given, as CLIP
 * without ftfy would. The fixed-point loop stops after {@value #MAX_PASSES} passes (ftfy has no
 * bound; only text with that many nested escapes, e.g. {@code &amp;amp;amp;…}, needs more).
 */
final class FtfySubset {
  static final int MAX_PASSES = 16;
  private static final int MAX_SEGMENT_CODE_POINTS = 1_000_000;
  private static final String[] WIDTH_MAP_STRINGS = new String[0xFFF0 - 0xFF01];

  static {
    for (int c = 0xFF01; c < 0xFFF0; c++) {
      String s = String.valueOf((char) c);
      String nfkc = Normalizer.normalize(s, Normalizer.Form.NFKC);
      WIDTH_MAP_STRINGS[c - 0xFF01] = nfkc.equals(s) ? null : nfkc;
    }
  }

  private final HtmlUnescaper html;

  FtfySubset(HtmlUnescaper html) {
    this.html = html;
  }

  /** ftfy's {@code fix_text(text)} restricted to the steps listed above. */
  String fixText(String text) {
    if (isPlainAscii(text)) {
      return text; // no step changes printable ASCII without '&' or ESC
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean unescapeHtml = true;
    int pos = 0;
    while (pos < text.length()) {
      int end = segmentEnd(text, pos);
      String segment = text.substring(pos, end);
      if (unescapeHtml && segment.indexOf('<') >= 0) {
        unescapeHtml = false; // ftfy's "auto": stays off for the following lines too
      }
      out.append(fixSegment(segment, unescapeHtml));
      pos = end;
    }
    return out.toString();
  }

  private static boolean isPlainAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7E || c == '&') {
        return false;
      }
    }
    return true;
  }

  /** Lines end after '\n'; a line longer than ftfy's max_decode_length is cut there. */
  private static int segmentEnd(String text, int pos) {
    int newline = text.indexOf('\n', pos);
    int end = newline < 0 ? text.length() : newline + 1;
    if (end - pos > MAX_SEGMENT_CODE_POINTS
        && text.codePointCount(pos, end) > MAX_SEGMENT_CODE_POINTS) {
      end = text.offsetByCodePoints(pos, MAX_SEGMENT_CODE_POINTS);
    }
    return end;
  }

  private String fixSegment(String text, boolean unescapeHtml) {
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      String before = text;
      if (unescapeHtml) {
        text = html.ftfyUnescape(text);
      }
      text = translate(text, c -> c >= 0x80 && c <= 0x9F ? html.windows1252(c) : null);
      text = translate(text, FtfySubset::ligature);
      text = translate(text, FtfySubset::width);
      text = translate(text, FtfySubset::quote);
      text = fixLineBreaks(text);
      text = fixSurrogates(text);
      text = removeTerminalEscapes(text);
      text = translate(text, FtfySubset::control);
      // After the first pass the text is NFC; if nothing changed since, NFC would not either.
      if (pass > 0 && text == before) {
        break;
      }
      text = nfc(text);
      if (text.equals(before)) {
        break;
      }
    }
    return text;
  }

  /**
   * NFC. Characters below U+0300 are all NFC-stable starters that never compose with what precedes
   * them, so text made only of those is already NFC; that skips Java's slow normaliser for most
   * captions.
   */
  private static String nfc(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x300) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
      }
    }
    return text;
  }

  /** A per-character replacement; null keeps the character. */
  private interface CharMap {
    String map(char c);
  }

  /** Python's {@code str.translate} with a table of BMP characters (never surrogates). */
  private static String translate(String text, CharMap table) {
    StringBuilder out = null;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      String replacement = table.map(c);
      if (replacement != null && out == null) {
        out = new StringBuilder(n + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private static String width(char c) {
    if (c == 0x3000) {
      return " ";
    }
    return c >= 0xFF01 && c < 0xFFF0 ? WIDTH_MAP_STRINGS[c - 0xFF01] : null;
  }

  private static String quote(char c) {
    if (c == 0x02BC || (c >= 0x2018 && c <= 0x201B)) {
      return "'";
    }
    return c >= 0x201C && c <= 0x201F ? "\"" : null;
  }

  private static String control(char c) {
    boolean remove =
        (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r')
            || c == 0x7F
            || (c >= 0x206A && c <= 0x206F)
            || c == 0xFEFF
            || (c >= 0xFFF9 && c <= 0xFFFC);
    return remove ? "" : null;
  }

  private static String fixLineBreaks(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85) {
        return text.replace("\r\n", "\n")
            .replace('\r', '\n')
            .replace('\u2028', '\n')
            .replace('\u2029', '\n')
            .replace('\u0085', '\n');
      }
    }
    return text;
  }

  /** Lone surrogates become U+FFFD; valid pairs are already one code point in Java. */
  private static String fixSurrogates(String text) {
    StringBuilder out = null;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        if (out != null) {
          out.append(c).append(text.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c)) {
        if (out == null) {
          out = new StringBuilder(n).append(text, 0, i);
        }
        out.append('\uFFFD');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  private static String ligature(char c) {
    return switch (c) {
      case 'Ĳ' -> "IJ";
      case 'ĳ' -> "ij";
      case 'ŉ' -> "\u02BCn";
      case 'Ǳ' -> "DZ";
      case 'ǲ' -> "Dz";
      case 'ǳ' -> "dz";
      case 'Ǆ' -> "D\u017D";
      case 'ǅ' -> "D\u017E";
      case 'ǆ' -> "d\u017E";
      case 'Ǉ' -> "LJ";
      case 'ǈ' -> "Lj";
      case 'ǉ' -> "lj";
      case 'Ǌ' -> "NJ";
      case 'ǋ' -> "Nj";
      case 'ǌ' -> "nj";
      case 'ﬀ' -> "ff";
      case 'ﬁ' -> "fi";
      case 'ﬂ' -> "fl";
      case 'ﬃ' -> "ffi";
      case 'ﬄ' -> "ffl";
      case 'ﬅ' -> "\u017Ft";
      case 'ﬆ' -> "st";
      default -> null;
    };
  }

  /** ftfy's {@code ANSI_RE}: ESC '[' then Unicode decimal digits or ';', then an ASCII letter. */
  private static String removeTerminalEscapes(String text) {
    int esc = text.indexOf('\u001B');
    if (esc < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    while (esc >= 0) {
      int end = ansiEnd(text, esc);
      if (end > 0) {
        out.append(text, copied, esc);
        copied = end;
        esc = text.indexOf('\u001B', end);
      } else {
        esc = text.indexOf('\u001B', esc + 1);
      }
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static int ansiEnd(String text, int esc) {
    int i = esc + 1;
    if (i >= text.length() || text.charAt(i) != '[') {
      return -1;
    }
    i++;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (cp == ';' || Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
        i += Character.charCount(cp);
      } else {
        break;
      }
    }
    if (i < text.length()) {
      char c = text.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        return i + 1;
      }
    }
    return -1;
  }
}
