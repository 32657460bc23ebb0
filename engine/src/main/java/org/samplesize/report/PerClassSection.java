package org.samplesize.report;

import static org.samplesize.report.HtmlText.esc;
import static org.samplesize.report.HtmlText.num;
import static org.samplesize.report.HtmlText.sizeInterval;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.samplesize.classes.ClassAnswer;
import org.samplesize.classes.ClassCurves;
import org.samplesize.classes.ClassReport;
import org.samplesize.classes.LabellingPlan;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.Percent;

/**
 * The Per class section of {@code report.html}: each class's recall curve, the table of classes
 * with what they need for the target recall, and the labelling plans. It has its own data ({@link
 * ClassReport}) and its own wording, so it lives apart from the page's skeleton.
 */
final class PerClassSection {
  private PerClassSection() {}

  /**
   * Why the plan's total is not the overall answer's and not the sum of the table's "more needed":
   * read side by side on one page, the three looked like one question answered three ways.
   */
  static final String PLAN_VERSUS_ANSWER =
      "The plan reads the per-class curves, so its total can differ from the overall answer above,"
          + " which reads the overall curve; and it adds images where they raise overall accuracy"
          + " most, so it can add to a class whose \"more needed\" in the table (for the target"
          + " recall on its own) is 0, and add less than that to another.";

  /**
   * A column header's interval note: {@code " (90% interval)"} where some cell of the column has an
   * interval, nothing where none has.
   *
   * @param level the level, e.g. {@code 90%}
   * @param any whether some cell has an interval
   */
  static String intervalHeader(String level, boolean any) {
    return any ? " (" + level + " interval)" : "";
  }

  /**
   * A class's images for the target recall, written as the Targets table writes sizes, the numbers
   * of {@code fit.json}: {@code 1,843 (1,201–3,310)}; where its curve does not reach the target,
   * where it levels off and the interval when some replicates reach it.
   *
   * @param t the class's estimate for the target
   * @return the table cell's text, unescaped
   */
  static String classTarget(org.samplesize.fit.TargetEstimate t) {
    String interval =
        t.hasInterval() && Double.isFinite(t.lo())
            ? sizeInterval(
                (long) Math.floor(t.lo()),
                Double.isFinite(t.hi()) ? (long) Math.ceil(t.hi()) : -1,
                t.loAtMost())
            : null;
    if (!t.reachable()) {
      String off =
          "not reachable: the curve "
              + Percent.levelsOffBelow(t.levelsOffAt(), t.accuracy(), t.falls());
      return interval == null ? off : off + "; interval " + interval;
    }
    String n = HtmlText.count((long) Math.ceil(t.n()));
    return interval == null ? n : n + " (" + interval + ")";
  }

  /**
   * Appends the section: the small multiples, the table sorted by need and the labelling plans; or
   * why there are no per-class curves.
   *
   * @param h the page so far
   * @param r the per-class curves and plans, or {@code null} for no section
   * @param plot their small multiples as PNG bytes, or {@code null}
   */
  static void write(StringBuilder h, ClassReport r, byte[] plot) {
    write(h, r, plot, List.of());
  }

  /**
   * {@link #write(StringBuilder, ClassReport, byte[])}, each plan's line beside the overall answers
   * (saying where the overall curve does not reach the plan's target).
   *
   * @param h the page so far
   * @param r the per-class curves and plans, or {@code null} for no section
   * @param plot their small multiples as PNG bytes, or {@code null}
   * @param overall the overall curves' target answers
   */
  static void write(StringBuilder h, ClassReport r, byte[] plot, List<FitSummary.Target> overall) {
    if (r == null) {
      return;
    }
    h.append("<h2>Per class</h2>\n");
    if (!r.present()) {
      h.append("<p>No per-class curves: ").append(esc(r.missing())).append(".</p>\n");
      return;
    }
    String level = FitOptions.levelPercent(r.level());
    h.append("<p>Each class's recall against the number of its own training images, fitted as")
        .append(" the overall curve is (same families, answer and intervals).</p>\n");
    if (plot != null) {
      h.append(
              "<img alt=\"per-class learning curves\" style=\"max-width:100%\" width=\""
                  + ChartImages.cssWidth(plot)
                  + "\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(plot))
          .append("\">\n");
      // The panels have no legend: without these words the shaded band over the measured sizes
      // read as the answer's interval, though it is the best single family's own (last1's, flat,
      // where last1 is best) and can miss the answer's line and the measured points.
      h.append("<p>Each panel is drawn as the learning curve above, without its legend: the")
          .append(
              " points are the mean recall of the repeats at a size (± one sample standard"
                  + " deviation, n − 1),")
          .append(" the thick line the answer (dashed where extrapolated), the diamond its")
          .append(
              " prediction with all the class's images (with its interval, where there is one),")
          .append(" the thin lines the other families. The blue band over the")
          .append(" measured sizes is the best single family's own interval (the family each")
          .append(" class's <code>fit.chosen</code> in fit.json names), not the answer's; beyond")
          .append(" the largest measured size the amber band is the answer's interval.</p>\n");
    }
    String target = r.targetRecall() == null ? null : Percent.target(r.targetRecall());
    // A header promises an interval only where some cell of its column has one: --bootstrap 0
    // (or no repeats) gives none, and the headers still said "(90% interval)".
    String recallLevel =
        intervalHeader(
            level,
            r.answers().stream().anyMatch(a -> a.atAll() != null && a.atAll().hasInterval()));
    String precisionLevel =
        intervalHeader(
            level,
            r.answers().stream()
                .anyMatch(a -> a.precisionAtAll() != null && a.precisionAtAll().hasInterval()));
    String targetLevel =
        intervalHeader(
            level,
            r.answers().stream()
                .anyMatch(
                    a ->
                        a.target() != null
                            && !a.neverRecognised()
                            && a.target().hasInterval()
                            && Double.isFinite(a.target().lo())));
    h.append("<table><tr><th class=\"l\">curve</th><th class=\"l\">class</th>")
        .append("<th>training images</th><th>test share</th>")
        .append(
            "<th>recall measured at largest size</th><th>precision measured at largest size</th>")
        .append("<th>recall with all its images")
        .append(recallLevel)
        .append("</th>")
        .append("<th>precision with all its images")
        .append(precisionLevel)
        .append("</th>");
    if (target != null) {
      h.append("<th>images for ")
          .append(target)
          .append(" recall")
          .append(targetLevel)
          .append("</th>")
          .append("<th>more needed</th>");
    }
    h.append("</tr>\n");
    for (ClassAnswer a : r.answers()) {
      h.append("<tr><td class=\"l\">")
          .append(esc(a.curve()))
          .append("</td><td class=\"l\">")
          .append(esc(a.className()));
      if (a.cautionLabel() != null) {
        // Marked where its numbers are read: "0.0% (0.0–0.1%)" on 1 test image looked confident.
        // The reason in full is under "Warnings by class", below the table.
        h.append(" (rough: ").append(esc(a.cautionLabel())).append(")");
      }
      h.append("</td><td>")
          .append(String.format(Locale.ROOT, "%,d", a.images()))
          .append("</td><td>")
          .append(Percent.one(a.share()))
          .append("</td><td>")
          .append(num(a.measuredRecall() * 100, "%.1f%%"))
          .append("</td><td>")
          .append(num(a.measuredPrecision() * 100, "%.1f%%"))
          .append("</td><td>");
      h.append(a.atAll() == null ? "not fitted: " + esc(a.notFitted()) : prediction(a.atAll()));
      h.append("</td><td>");
      h.append(a.precisionAtAll() == null ? "—" : prediction(a.precisionAtAll()));
      h.append("</td>");
      if (target != null) {
        h.append("<td>")
            .append(
                a.target() == null
                    ? "—"
                    : a.neverRecognised()
                        ? esc(a.neverRecognisedText())
                        : esc(classTarget(a.target())))
            .append("</td><td>");
        double more = a.moreNeeded();
        h.append(
                a.target() != null && a.neverRecognised()
                    ? "unknown"
                    : Double.isNaN(more)
                        ? "—"
                        : Double.isInfinite(more)
                            ? "not reachable"
                            : String.format(Locale.ROOT, "%,d", (long) more))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
    writeWarnings(h, r);
    if (!r.plans().isEmpty()) {
      h.append("<h3>Labelling plan</h3>\n<p>")
          .append(esc(LabellingPlan.MODEL))
          .append(".</p>\n<p>")
          .append(esc(PLAN_VERSUS_ANSWER))
          .append("</p>\n<ul>\n");
      for (LabellingPlan p : r.plans()) {
        h.append("<li>")
            .append(esc(ClassCurves.planLine(r, p, FitSummary.shortfall(overall, p))))
            .append("</li>\n");
      }
      h.append("</ul>\n");
    }
  }

  /**
   * Each class's own warnings: why it is marked rough in the table, and its recall curve's fit
   * warnings (only 3 sizes, repeats that all read the same, …), which were in {@code fit.json}
   * alone.
   */
  static void writeWarnings(StringBuilder h, ClassReport r) {
    StringBuilder items = new StringBuilder();
    for (ClassAnswer a : r.answers()) {
      java.util.List<String> said = new java.util.ArrayList<>();
      if (a.fewTestImages()) {
        said.add(a.caution());
      }
      if (a.fit() != null) {
        said.addAll(a.fit().warnings());
      }
      if (said.isEmpty()) {
        continue;
      }
      items.append("<li>").append(esc(a.className()));
      if (!a.curve().equals("head")) {
        items.append(" (").append(esc(a.curve())).append(")");
      }
      items.append(":<ul>");
      for (String w : said) {
        items.append("<li>").append(esc(w)).append("</li>");
      }
      items.append("</ul></li>\n");
    }
    if (items.length() > 0) {
      h.append("<h3>Warnings by class</h3>\n<ul>\n").append(items).append("</ul>\n");
    }
  }

  /** A predicted recall or precision: {@code 91.2%}, with its interval where it has one. */
  private static String prediction(org.samplesize.fit.Prediction p) {
    String v = String.format(Locale.ROOT, "%.1f%%", p.accuracy() * 100);
    return p.hasInterval() ? v + " (" + Percent.range(p.lo(), p.hi()) + ")" : v;
  }
}
