package org.samplesize.report;

import java.util.Locale;
import org.samplesize.fit.Prediction;

/**
 * Marks the values that sit on a bound of the metric, 0 or 1, with {@value #MARK}: the fitted
 * curves are cut off there ({@code FamilyFit.predict}), so a printed {@code 1.0000} means the curve
 * ran past 1, not that the metric is certain to be 1. Remembers which bounds it marked, for the
 * footnote that explains the mark. The numbers themselves (and {@code fit.json}) are unchanged.
 * Used by {@code fit}'s table and the HTML report; one instance per table.
 */
final class BoundMarks {
  static final String MARK = "^";

  private boolean one;
  private boolean zero;

  /**
   * @param text {@code v} as printed
   * @param v the value
   * @return the text, with {@value #MARK} after it when {@code v} is on a bound
   */
  String mark(String text, double v) {
    if (v >= 1) {
      one = true;
      return text + MARK;
    }
    if (v <= 0) {
      zero = true;
      return text + MARK;
    }
    return text;
  }

  /** The value with 4 decimals, marked when it is on a bound. */
  String value(double v) {
    return mark(String.format(Locale.ROOT, "%.4f", v), v);
  }

  /**
   * The prediction and its interval, e.g. {@code 0.9985 [0.9498, 1.0000^]}; the interval's ends
   * round outwards (the lower down, the upper up), so the printed interval holds the computed one,
   * as in every other text.
   */
  String prediction(Prediction p) {
    String s = value(p.accuracy());
    if (!p.hasInterval()) {
      return s;
    }
    String lo = String.format(Locale.ROOT, "%.4f", Math.floor(p.lo() * 1e4 + 1e-9) / 1e4);
    // + 0.0: an end of 0 rounds up to -0.0 (the ceiling of -1e-9), which prints as "-0.0000".
    String hi = String.format(Locale.ROOT, "%.4f", Math.ceil(p.hi() * 1e4 - 1e-9) / 1e4 + 0.0);
    return s + " [" + mark(lo, p.lo()) + ", " + mark(hi, p.hi()) + "]";
  }

  /**
   * @return whether any value was marked
   */
  boolean any() {
    return one || zero;
  }

  /** One line per bound a value was marked at, saying what the mark means. */
  void appendFootnote(StringBuilder sb, String metric) {
    if (one) {
      sb.append("  ")
          .append(MARK)
          .append(" cut off at 1: the curve (for an interval's end, the bootstrap refits) passes 1")
          .append(" there, which no ")
          .append(metric)
          .append(" can: an extrapolation that overshoots, not a certain 1\n");
    }
    if (zero) {
      sb.append("  ")
          .append(MARK)
          .append(" cut off at 0: the curve (for an interval's end, the bootstrap refits) falls")
          .append(" below 0 there, which no ")
          .append(metric)
          .append(" can: an extrapolation that undershoots, not a certain 0\n");
    }
  }
}
