package dev.clipstream.tokenizer;

/**
 * CLIP's text clean-up before pre-tokenisation: {@code basic_clean} (ftfy, then {@code
 * html.unescape} twice, then {@code strip()}), {@code whitespace_clean} (every run of regex {@code
 * \s} becomes one space, then {@code strip()}) and {@code lower()}.
 *
 * <p>Python has two whitespace sets here: {@code str.strip()} removes {@code str.isspace()}
 * characters, which include U+001C..U+001F, while the {@code regex} module's {@code \s} is the
 * Unicode White_Space property, which does not. Both are reproduced. Lower-casing is {@link
 * PythonLower}: full mappings (İ becomes i + U+0307) and CPython's final-sigma rule.
 */
final class TextNormalizer {
  private final HtmlUnescaper html;
  private final FtfySubset ftfy;

  TextNormalizer(HtmlUnescaper html) {
    this.html = html;
    this.ftfy = new FtfySubset(html);
  }

  /** The text the pre-tokeniser sees. */
  String normalize(String text) {
    String s = ftfy.fixText(text);
    s = html.unescape(html.unescape(s));
    s = strip(s);
    s = collapseWhitespace(s);
    s = strip(s);
    return PythonLower.lower(s);
  }

  /** The regex module's {@code \s}: the Unicode White_Space property. */
  static boolean isRegexSpace(int c) {
    return (c >= 0x09 && c <= 0x0D)
        || c == 0x20
        || c == 0x85
        || c == 0xA0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  /** Python's {@code str.isspace()} for one character. */
  static boolean isPythonSpace(int c) {
    return isRegexSpace(c) || (c >= 0x1C && c <= 0x1F);
  }

  static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isPythonSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isPythonSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  static String collapseWhitespace(String s) {
    StringBuilder out = null;
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (isRegexSpace(c)) {
        int runEnd = i + 1;
        while (runEnd < n && isRegexSpace(s.charAt(runEnd))) {
          runEnd++;
        }
        boolean unchanged = c == ' ' && runEnd == i + 1;
        if (!unchanged && out == null) {
          out = new StringBuilder(n).append(s, 0, i);
        }
        if (out != null) {
          out.append(' ');
        }
        i = runEnd;
      } else {
        if (out != null) {
          out.append(c);
        }
        i++;
      }
    }
    return out == null ? s : out.toString();
  }
}
