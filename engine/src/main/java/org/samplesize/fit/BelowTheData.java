package org.samplesize.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warns of answers below the smallest measured size, where the curve is an extrapolation downward
 * that no measurement supports. Stateless.
 */
final class BelowTheData {
  private BelowTheData() {}

  /**
   * The warnings for answers that lie below the smallest measured size: there the curve is an
   * extrapolation downward, which no measurement supports (a target that the smallest size already
   * reaches gets a size below it, e.g. 44 when 100 already average above the target). Sizes name no
   * unit: run counts images, a table given to fit any kind of example.
   *
   * @param predictions the answer's predictions
   * @param targets the answer's sizes for the targets
   * @param smallest the smallest measured size
   * @return one warning for the predictions below it and one per target below it; none when no
   *     answer is
   */
  static List<String> warnings(
      List<Prediction> predictions, List<TargetEstimate> targets, SizeSummary smallest) {
    List<String> out = new ArrayList<>();
    String where =
        String.format(
            Locale.ROOT,
            "the smallest measured size, %s (mean %.4f), where the curve is an extrapolation"
                + " downward",
            CurveData.formatSize(smallest.size()),
            smallest.mean());
    List<String> below = new ArrayList<>();
    for (Prediction p : predictions) {
      if (p.n() < smallest.size()) {
        below.add(CurveData.formatSize(p.n()));
      }
    }
    if (!below.isEmpty()) {
      out.add(
          (below.size() == 1
                  ? "the answer at " + below.get(0) + " lies"
                  : "the answers at " + String.join(", ", below) + " lie")
              + " below "
              + where
              + ": read "
              + (below.size() == 1 ? "it" : "them")
              + " as a rough guess, or measure a size that small");
    }
    for (TargetEstimate t : targets) {
      if (t.reachable() && t.n() < smallest.size()) {
        out.add(
            String.format(
                Locale.ROOT,
                "the answer for %s (size %s) lies below %s%s",
                Percent.fraction(t.accuracy()),
                CurveData.formatSize(t.n()),
                where,
                smallest.mean() >= t.accuracy()
                    ? String.format(
                        Locale.ROOT,
                        ": the measurements say only that size %s already reaches %s",
                        CurveData.formatSize(smallest.size()),
                        Percent.fraction(t.accuracy()))
                    : ""));
      }
    }
    return out;
  }
}
