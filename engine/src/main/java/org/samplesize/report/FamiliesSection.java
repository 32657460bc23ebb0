package org.samplesize.report;

import static org.samplesize.report.HtmlText.esc;
import static org.samplesize.report.HtmlText.num;
import static org.samplesize.report.HtmlText.sizeInterval;

import java.util.List;
import java.util.Locale;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.Percent;
import org.samplesize.report.FitSummary.Curve;
import org.samplesize.report.FitSummary.Family;
import org.samplesize.report.FitSummary.Target;

/**
 * The section of {@code report.html} that sets the curve families side by side, one table per
 * curve, and the Targets table below them: the part of the page that reads the fit, kept apart from
 * the page's skeleton so that a change to how a family or a target is shown touches this class
 * alone.
 */
final class FamiliesSection {
  private FamiliesSection() {}

  /**
   * Appends the section.
   *
   * @param h the page so far
   * @param curves every curve with every family
   * @param targets target answers (no table when empty)
   * @param intervalLevel the interval level, e.g. 0.9
   */
  static void write(
      StringBuilder h, List<Curve> curves, List<Target> targets, double intervalLevel) {
    families(h, curves);
    targets(h, targets, intervalLevel);
  }

  private static void families(StringBuilder h, List<Curve> curves) {
    h.append("<h2>Curve families, side by side</h2>\n");
    for (Curve c : curves) {
      BoundMarks marks = new BoundMarks();
      h.append("<h3>").append(esc(c.name())).append(" curve</h3>\n");
      if (c.answerIsMean()) {
        h.append("<p>").append(esc(meanWords(c))).append("</p>\n");
      }
      h.append("<table><tr><th class=\"l\"></th>");
      for (Family f : c.families()) {
        h.append(f.selected() ? "<th class=\"sel\">" : "<th>")
            .append(esc(f.name()))
            .append(f.selected() ? (c.answerIsMean() ? " (best single)" : " (selected)") : "")
            .append("</th>");
      }
      h.append("</tr>\n");
      row(h, "formula", c.families(), f -> esc(f.formula()));
      row(h, "parameters", c.families(), f -> esc(f.parameters()));
      row(h, "AICc", c.families(), f -> num(f.aicc(), "%.2f"));
      row(h, "RMSE", c.families(), f -> num(f.rmse(), "%.4f"));
      row(
          h,
          "at n = "
              + (c.atFull() == null ? "full" : String.format(Locale.ROOT, "%,d", c.atFull().n())),
          c.families(),
          f ->
              f.atFull() == null
                  ? "—"
                  : !f.atFull().hasInterval()
                      ? marked(marks, f.atFull().accuracy(), "%.1f%%")
                      : marked(marks, f.atFull().accuracy(), "%.1f%%")
                          + " ("
                          + marks.mark(Percent.down(f.atFull().lo()), f.atFull().lo())
                          + "–"
                          + marks.mark(Percent.up(f.atFull().hi()) + "%", f.atFull().hi())
                          + ")");
      h.append("</table>\n");
      if (marks.any()) {
        h.append("<p class=\"muted\">")
            .append(BoundMarks.MARK)
            .append(" cut off at 0% or 100%: the curve (for an interval's end, the bootstrap")
            .append(" refits) runs past the bound there, an extrapolation that overshoots, not a")
            .append(" certain value.</p>\n");
      }
    }
  }

  /**
   * What the answer of a curve answered by the mean is made of, true of that curve: the families
   * averaged (on 2 sizes only pow2 and log2 fit), those left out as contradicting the data, and the
   * intervals only where there are any. It said "the mean of the curve families (all but last1),
   * with an interval calibrated on real learning curves" over a mean of two families without one.
   */
  static String meanWords(Curve c) {
    String of =
        c.meanFamilies().isEmpty()
            ? "the curve families (all but last1)"
            : c.meanFamilies().size() == 1
                ? "one curve family, " + c.meanFamilies().get(0)
                : c.meanFamilies().size()
                    + " curve families ("
                    + String.join(", ", c.meanFamilies())
                    + ")";
    String left = c.leftOut().isEmpty() ? "" : "; " + c.leftOut();
    return "The answer is the mean of "
        + of
        + left
        + (c.withInterval()
            // How sure it is, in the report itself: the word "calibrated" alone sent a reader to
            // the docs (docs/method.md, "Criteria": 247 of 276 held out by data set).
            ? ", with an interval calibrated on real learning curves (on 276 of them, held out by"
                + " data set, its 90% interval held the accuracy measured at 2 and 4 times the"
                + " largest size 89.5% of the time); each column's interval is that family's own."
            : ", without an interval (" + CurveFit.NO_INTERVAL_WHY + ").")
        + " The marked column is the best single family.";
  }

  static void targets(StringBuilder h, List<Target> targets, double intervalLevel) {
    if (!targets.isEmpty()) {
      // Without the bootstrap no target has an interval: no column promises one.
      boolean intervals = targets.stream().anyMatch(t -> t.lo() >= 0);
      h.append("<h3>Targets</h3>\n<table><tr><th class=\"l\">curve</th><th>target accuracy</th>")
          .append("<th>images needed</th>");
      if (intervals) {
        h.append("<th>").append(FitOptions.levelPercent(intervalLevel)).append(" interval</th>");
      }
      h.append("</tr>\n");
      for (Target t : targets) {
        h.append("<tr><td class=\"l\">")
            .append(esc(t.curve()))
            .append("</td><td>")
            .append(Percent.target(t.accuracy()))
            .append("</td><td>")
            // Two sizes: the rising curves reach the target sooner than one that levels off, so
            // the size is a lower figure, as the sentence above says ("more than about 852").
            .append(
                t.n() < 0
                    ? esc(notReachable(t))
                    : (t.risingOnly() ? "more than " : "") + HtmlText.count(t.n()));
        if (intervals) {
          h.append("</td><td>")
              .append(t.lo() < 0 ? "—" : sizeInterval(t.lo(), t.hi(), t.loAtMost()));
        }
        h.append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
  }

  /**
   * The Targets table's cell for a target the fitted curve does not reach, in the words of the
   * per-class table and of {@code fit.json}'s {@code text}: "not reachable: the curve levels off at
   * 94.1%, below 99%" (it read "not reached", and said nowhere on the page where the curve levels
   * off).
   *
   * @param t a target whose curve does not reach it
   * @return the cell's text, unescaped
   */
  static String notReachable(Target t) {
    return Double.isFinite(t.levelsOffAt())
        ? "not reachable: the curve "
            + Percent.levelsOffBelow(t.levelsOffAt(), t.accuracy(), t.falls())
        : "not reachable";
  }

  private interface Cell {
    String of(Family f);
  }

  private static void row(StringBuilder h, String label, List<Family> fs, Cell cell) {
    h.append("<tr><th class=\"l\">").append(esc(label)).append("</th>");
    for (Family f : fs) {
      h.append(f.selected() ? "<td class=\"sel\">" : "<td>").append(cell.of(f)).append("</td>");
    }
    h.append("</tr>\n");
  }

  /** A fraction as a percentage in {@code fmt}, marked when it sits on a bound of the metric. */
  private static String marked(BoundMarks marks, double v, String fmt) {
    return marks.mark(String.format(Locale.ROOT, fmt, v * 100), v);
  }
}
