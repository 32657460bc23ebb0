package org.samplesize.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warns of answers far beyond the largest measured size: the default's interval was checked on real
 * curves at 2×, 4× and 8× that size ({@link AnswerCalibration#DEFAULT}'s anchors, docs/method.md);
 * beyond the farthest anchor it only follows the last step, and the point rests on the families'
 * shapes alone. "You need about 200,000 images" from a table measured up to 109 said nothing of
 * that.
 */
final class FarBeyondTheData {
  private FarBeyondTheData() {}

  /**
   * @return how far the default's interval was checked, as a multiple of the largest measured size
   */
  static double checkedUpTo() {
    return AnswerCalibration.DEFAULT.checkedUpTo();
  }

  /**
   * @param predictions the answers at the sizes asked for
   * @param targets the answers for the targets
   * @param largest the largest measured size
   * @return one warning naming every answer beyond {@link #checkedUpTo()} times {@code largest};
   *     none when there is none
   */
  static List<String> warnings(
      List<Prediction> predictions, List<TargetEstimate> targets, double largest) {
    double far = checkedUpTo() * largest;
    List<String> named = new ArrayList<>();
    for (Prediction p : predictions) {
      if (p.n() > far) {
        named.add("at " + size(p.n()) + " (" + times(p.n(), largest) + ")");
      }
    }
    for (TargetEstimate t : targets) {
      if (t.reachable() && t.n() > far) {
        named.add(
            "for "
                + Percent.fraction(t.accuracy())
                + " (size "
                + size(t.n())
                + ", "
                + times(t.n(), largest)
                + ")");
      }
    }
    if (named.isEmpty()) {
      return List.of();
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "the %s %s %s beyond %.0f times the largest measured size, %s, the farthest the"
                + " intervals were checked on real curves: there the answer rests on the curves'"
                + " shapes alone; read it as a rough guide, and measure larger sizes before"
                + " relying on it",
            named.size() == 1 ? "answer" : "answers",
            String.join(", ", named),
            named.size() == 1 ? "lies" : "lie",
            checkedUpTo(),
            size(largest)));
  }

  /** A size with the thousands grouped, as the answer's sentences and the multiple beside it. */
  private static String size(double n) {
    return n == Math.rint(n) ? String.format(Locale.ROOT, "%,.0f", n) : CurveData.formatSize(n);
  }

  private static String times(double n, double largest) {
    double x = n / largest;
    return String.format(Locale.ROOT, "%,.0f×", x);
  }
}
