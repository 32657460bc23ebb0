package org.samplesize.report;

import java.util.Locale;

/**
 * The text that every section of {@code report.html} writes the same way: escaping, numbers that
 * may be missing, and size intervals. One place, so that the tables of the page (curve families,
 * targets, per class) cannot drift apart in how they write a value.
 */
final class HtmlText {
  private HtmlText() {}

  /**
   * Escapes text for HTML.
   *
   * @param s text, may be {@code null}
   * @return escaped text ({@code ""} for {@code null})
   */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A number in {@code fmt}, or a dash where it is not finite (not measured, not fitted). */
  static String num(double x, String fmt) {
    return Double.isFinite(x) ? String.format(Locale.ROOT, fmt, x) : "—";
  }

  /**
   * A size interval as the page's tables write it: the numbers {@code fit.json} holds, with
   * thousands separators, {@code 1,201–3,310}, {@code ≤40–193} (the interval reaches the target at
   * the smallest size measured), {@code ≤40}, {@code 2,513 to unbounded}. A table cell rounded as
   * the sentences do ("1,180 to unbounded" for 1184) looked exact; the sentences say "about".
   *
   * @param lo the lower end
   * @param hi the upper end, negative when unbounded
   * @param loAtMost whether the lower end is "at most"
   */
  static String sizeInterval(long lo, long hi, boolean loAtMost) {
    String from = (loAtMost ? "≤" : "") + count(lo);
    if (loAtMost && hi == lo) {
      return from;
    }
    // "unbounded", the console's word: "100–∞" read as another notation.
    return from + (hi < 0 ? " to unbounded" : "–" + count(hi));
  }

  /**
   * A size in a table: the number, with thousands separators ({@code 1,184}).
   *
   * @param n the size
   */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
