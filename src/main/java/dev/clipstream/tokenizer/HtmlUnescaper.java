package dev.clipstream.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Python's {@code html.unescape} (full HTML5 semantics), which CLIP applies twice, plus the
 * stricter entity decoding of ftfy's {@code unescape_html}.
 *
 * <p>As Python: named references from {@code html.entities.html5}, the legacy ones (e.g. {@code
 * &amp;not}) also without a semicolon and as the longest prefix of a longer name ({@code &amp;notin
 * the} becomes {@code ¬in the}); decimal and hex references with or without the semicolon;
 * references to 0, CR and 0x80..0x9F remapped (Windows-1252), surrogates and numbers past U+10FFFF
 * become U+FFFD, and the HTML5 "invalid code points" (most controls, noncharacters) decode to
 * nothing. The tables are generated from Python's standard library by {@code
 * tools/gen_html_tables.py}. Immutable; one shared instance.
 */
final class HtmlUnescaper {
  private static final String RESOURCE = "html5-entities.tsv";
  private static final int MAX_NAME_CODE_POINTS = 32;
  private static final int MAX_FTFY_NAME_CHARS = 24;

  private final Map<String, String> html5 = new HashMap<>();
  private final Map<Integer, String> remappedNumbers = new HashMap<>();
  private final Set<Integer> droppedNumbers = new HashSet<>();
  private final Map<String, String> ftfyEntities = new HashMap<>();

  private static final class Holder {
    static final HtmlUnescaper INSTANCE = new HtmlUnescaper();
  }

  /** The shared instance (tables load on first use). */
  static HtmlUnescaper standard() {
    return Holder.INSTANCE;
  }

  private HtmlUnescaper() {
    try (InputStream in = HtmlUnescaper.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing class-path resource " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        switch (f[0]) {
          case "E" -> html5.put(f[1], codePoints(f[2]));
          case "R" -> remappedNumbers.put(Integer.parseInt(f[1], 16), codePoints(f[2]));
          case "X" -> droppedNumbers.add(Integer.parseInt(f[1], 16));
          default -> throw new IllegalStateException("bad line in " + RESOURCE + ": " + line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    buildFtfyEntities();
  }

  private static String codePoints(String hexes) {
    StringBuilder sb = new StringBuilder();
    for (String hex : hexes.split(" ")) {
      sb.appendCodePoint(Integer.parseInt(hex, 16));
    }
    return sb.toString();
  }

  /**
   * ftfy's table: every HTML5 name that ends in ';', plus the all-caps spelling of lower-case names
   * when plain unescaping would leave that spelling alone (so {@code &EACUTE;} becomes É).
   */
  private void buildFtfyEntities() {
    for (Map.Entry<String, String> e : html5.entrySet()) {
      String name = e.getKey();
      if (!name.endsWith(";")) {
        continue;
      }
      ftfyEntities.put("&" + name, e.getValue());
      if (name.equals(name.toLowerCase(Locale.ROOT))) {
        String upper = "&" + name.toUpperCase(Locale.ROOT);
        if (unescape(upper).equals(upper)) {
          ftfyEntities.putIfAbsent(upper, e.getValue().toUpperCase(Locale.ROOT));
        }
      }
    }
  }

  /** Python's {@code html.unescape(text)}. */
  String unescape(String text) {
    int amp = text.indexOf('&');
    if (amp < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    while (amp >= 0) {
      out.append(text, copied, amp);
      int end = replaceReference(text, amp + 1, out);
      if (end < 0) {
        out.append('&');
        copied = amp + 1;
      } else {
        copied = end;
      }
      amp = text.indexOf('&', copied);
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** Decodes the reference after '&' at {@code p}; returns where it ends, or -1 for none. */
  private int replaceReference(String s, int p, StringBuilder out) {
    int n = s.length();
    if (p < n && s.charAt(p) == '#') {
      boolean hex = p + 1 < n && (s.charAt(p + 1) == 'x' || s.charAt(p + 1) == 'X');
      int digitsStart = hex ? p + 2 : p + 1;
      int radix = hex ? 16 : 10;
      int q = digitsStart;
      long value = 0;
      while (q < n && Character.digit(s.charAt(q), radix) >= 0 && s.charAt(q) < 128) {
        value = Math.min(value * radix + Character.digit(s.charAt(q), radix), 0x110000L);
        q++;
      }
      if (q == digitsStart) {
        return -1;
      }
      if (q < n && s.charAt(q) == ';') {
        q++;
      }
      appendNumeric((int) value, out);
      return q;
    }
    int q = p;
    int count = 0;
    while (q < n && count < MAX_NAME_CODE_POINTS && !endsName(s.charAt(q))) {
      q += Character.charCount(s.codePointAt(q));
      count++;
    }
    if (count == 0) {
      return -1;
    }
    if (q < n && s.charAt(q) == ';') {
      q++;
    }
    String name = s.substring(p, q);
    String value = html5.get(name);
    if (value != null) {
      out.append(value);
      return q;
    }
    // The longest prefix of at least two code points that is a (legacy) name, as Python does.
    int[] cps = name.codePoints().toArray();
    for (int x = cps.length - 1; x > 1; x--) {
      String prefix = new String(cps, 0, x);
      value = html5.get(prefix);
      if (value != null) {
        out.append(value).append(name, prefix.length(), name.length());
        return q;
      }
    }
    out.append('&').append(name);
    return q;
  }

  private static boolean endsName(char c) {
    return c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '<' || c == '&' || c == '#'
        || c == ';';
  }

  private void appendNumeric(int number, StringBuilder out) {
    String remapped = remappedNumbers.get(number);
    if (remapped != null) {
      out.append(remapped);
    } else if ((number >= 0xD800 && number <= 0xDFFF) || number > 0x10FFFF) {
      out.append('\uFFFD');
    } else if (!droppedNumbers.contains(number)) {
      out.appendCodePoint(number);
    }
  }

  /** Python's {@code html._invalid_charrefs} entry for a C1 byte: its Windows-1252 character. */
  String windows1252(int c1) {
    return remappedNumbers.get(c1);
  }

  /**
   * ftfy's {@code unescape_html}: only references of the form {@code &[#]name;} with 1..24 ASCII
   * letters or digits, decoded when ftfy's table (or, for numbers, Python) knows them.
   */
  String ftfyUnescape(String text) {
    int amp = text.indexOf('&');
    if (amp < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    while (amp >= 0) {
      int p = amp + 1;
      if (p < text.length() && text.charAt(p) == '#') {
        p++;
      }
      int q = p;
      while (q < text.length() && q - p <= MAX_FTFY_NAME_CHARS && isAsciiAlnum(text.charAt(q))) {
        q++;
      }
      if (q > p && q - p <= MAX_FTFY_NAME_CHARS && q < text.length() && text.charAt(q) == ';') {
        String entity = text.substring(amp, q + 1);
        String decoded = ftfyEntities.get(entity);
        if (decoded == null && entity.startsWith("&#")) {
          String numeric = unescape(entity);
          decoded = numeric.indexOf(';') >= 0 ? null : numeric;
        }
        if (decoded != null) {
          out.append(text, copied, amp).append(decoded);
          copied = q + 1;
          amp = text.indexOf('&', copied);
          continue;
        }
      }
      amp = text.indexOf('&', amp + 1);
    }
    return copied == 0 ? text : out.append(text, copied, text.length()).toString();
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
