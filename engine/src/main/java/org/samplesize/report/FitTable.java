package org.samplesize.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samplesize.fit.AnswerCalibration;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FamilyFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.Percent;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.SizeSummary;
import org.samplesize.fit.TargetEstimate;

/**
 * What {@code samplesize fit} prints. First {@link #sentences}: per curve the answer in sentences
 * worded as {@code run}'s ({@link AnswerSentences#sentence}) and the curve's warnings. Then {@link
 * #format}, the details: per curve the selection, the answer with four decimals (the calibrated
 * mean of the families by default, or the chosen family's predictions and targets with the
 * selection-aware intervals), the observations, then every family on one line (parameters,
 * leave-last-size-out error, AICc, MSE of the size means, predictions and targets with intervals),
 * the selected one marked with {@code *}. When the answer is the mean, the first line and the table
 * call the selected family the "best single family", so that it is not read as the answer.
 */
public final class FitTable {
  private FitTable() {}

  /**
   * The answer in sentences, per curve: one per {@code --target} ("To reach 95% accuracy you need
   * about 4,210 examples (90% interval 3,100–6,020).") and one per {@code --predict} size ("With
   * 824 examples, expect about 88.6% accuracy (90% interval 84.0–91.6%)."), in that order as {@code
   * run} prints them, then the curve's warnings. Sizes count examples, as a results table need not
   * hold images; the sentences and warnings name the curve when there are several. The numbers are
   * those of {@code fit.json}.
   *
   * @param fits the curve fits
   * @param metric the fitted metric's name
   * @return the lines, each ending in {@code \n}
   */
  public static String sentences(List<CurveFit> fits, String metric) {
    AnswerSentences.Wording w =
        AnswerSentences.Wording.fit(metric, fits.size() == 1 ? fits.get(0).curve() : null);
    StringBuilder sb = new StringBuilder();
    for (CurveFit c : fits) {
      FamilyFit chosen = c.chosenFit();
      if (chosen == null) {
        sb.append("No curve family could be fitted")
            .append(fits.size() == 1 ? "" : " to curve " + c.curve())
            .append(": the details below say why each was skipped.\n");
      } else {
        double level = chosen.level();
        // The targets first, then the predictions: the order run prints them in (a question
        // asked with --target is the answer; the prediction says what the data give now).
        for (FitSummary.Target t : FitSummary.targets(c)) {
          sb.append(AnswerSentences.sentence(t, level, w)).append('\n');
        }
        for (FitSummary.Prediction p : FitSummary.predictions(c)) {
          sb.append(AnswerSentences.sentence(c.curve(), p, level, w)).append('\n');
        }
      }
      for (String warning : c.warnings()) {
        sb.append("Warning")
            .append(fits.size() == 1 ? "" : " (" + c.curve() + ")")
            .append(": ")
            .append(warning)
            .append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * @param fits the curve fits
   * @param metric the fitted metric's name
   * @return the text, lines ending in {@code \n}; the curves' warnings are in {@link #sentences}
   */
  public static String format(List<CurveFit> fits, String metric) {
    StringBuilder sb = new StringBuilder();
    for (CurveFit c : fits) {
      sb.append(
          String.format(
              Locale.ROOT,
              "curve %s: %d rows at %d sizes; %s %s (rule %s: %s)%n",
              c.curve(),
              c.rows(),
              c.sizes().size(),
              c.mean() != null ? "best single family" : "chosen",
              c.chosen() == null ? "none" : c.chosen(),
              c.rule(),
              c.selection()));
      appendIneligible(sb, c.looIneligible());
      BoundMarks bounds = new BoundMarks();
      appendAnswer(sb, c, metric, bounds);
      sb.append("  size     repeats  mean    std\n");
      for (SizeSummary s : c.sizes()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  %-8s %-8d %.4f  %.4f%n",
                num(s.size()),
                s.repeats(),
                s.mean(),
                s.std()));
      }
      List<String[]> rows = new ArrayList<>();
      List<String> head =
          new ArrayList<>(List.of("", "family", "params", "loo_err", "AICc", "MSE"));
      FamilyFit any = c.families().stream().filter(FamilyFit::fitted).findFirst().orElse(null);
      if (any != null) {
        String lvl = FitOptions.levelPercent(any.level());
        for (Prediction p : any.predictions()) {
          head.add(metric + " at " + num(p.n()) + (p.hasInterval() ? " [" + lvl + "]" : ""));
        }
        for (TargetEstimate t : any.targets()) {
          head.add(
              "n for "
                  + Percent.fraction(t.accuracy())
                  + (t.hasInterval() ? " [" + lvl + "]" : ""));
        }
      }
      if (CurveFit.INTERVAL_SELECTION.equals(c.interval())) {
        sb.append(
            "  every family (intervals: that family's own bootstrap, ignoring the selection):\n");
      } else if (c.mean() != null && c.chosen() != null) {
        sb.append(
            "  every family (intervals: that family's own bootstrap; * the best single family,"
                + " whose band the plot shows over the measured sizes; the answer above is the"
                + " mean):\n");
      }
      rows.add(head.toArray(new String[0]));
      for (FamilyFit f : c.families()) {
        List<String> r = new ArrayList<>();
        r.add(f.family().id().equals(c.chosen()) ? "*" : "");
        r.add(f.family().id());
        if (!f.fitted()) {
          r.add("skipped: " + f.skipped());
          rows.add(r.toArray(new String[0]));
          continue;
        }
        StringBuilder ps = new StringBuilder();
        for (Map.Entry<String, Double> e : f.params().entrySet()) {
          ps.append(ps.length() == 0 ? "" : " ")
              .append(e.getKey())
              .append('=')
              .append(String.format(Locale.ROOT, "%.5g", e.getValue()));
        }
        r.add(ps.toString());
        r.add(Double.isNaN(f.looError()) ? "-" : String.format(Locale.ROOT, "%.4f", f.looError()));
        r.add(Double.isNaN(f.aicc()) ? "-" : String.format(Locale.ROOT, "%.2f", f.aicc()));
        r.add(String.format(Locale.ROOT, "%.3e", f.mse()));
        for (Prediction p : f.predictions()) {
          r.add(bounds.prediction(p));
        }
        for (TargetEstimate t : f.targets()) {
          r.add(t.describe());
        }
        rows.add(r.toArray(new String[0]));
      }
      sb.append(align(rows));
      bounds.appendFootnote(sb, metric);
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * One line per reason for the families without a leave-last-size-out score: the families that
   * share a reason (pow4, mmf4 and wbl4 on every 4-size curve) are named together.
   */
  private static void appendIneligible(StringBuilder sb, Map<String, String> ineligible) {
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    ineligible.forEach(
        (family, why) -> byReason.computeIfAbsent(why, k -> new ArrayList<>()).add(family));
    byReason.forEach(
        (why, families) ->
            sb.append("  no leave-last-size-out score for ")
                .append(String.join(", ", families))
                .append(": ")
                .append(families.size() > 1 ? "each " : "")
                .append(why)
                .append('\n'));
  }

  /** The answer: the chosen family's values with the interval the curve fit names. */
  private static void appendAnswer(StringBuilder sb, CurveFit c, String metric, BoundMarks bounds) {
    if (c.chosen() == null) {
      return;
    }
    FamilyFit chosen = c.chosenFit();
    String lvl = FitOptions.levelPercent(chosen.level());
    String detail = null;
    String how =
        switch (c.interval()) {
          case CurveFit.INTERVAL_SELECTION -> {
            StringBuilder ch = new StringBuilder();
            c.bootstrapChoices()
                .forEach(
                    (k, v) ->
                        ch.append(ch.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
            detail =
                String.format(
                    Locale.ROOT,
                    "    (each bootstrap replicate selected again: %s; and added its own"
                        + " leave-last-size-out error x%s, random sign, per size step beyond %s:"
                        + " median %.4f)%n",
                    ch,
                    Percent.fraction(LearningCurveFitter.EXTRAPOLATION_FACTOR),
                    num(c.largestSize()),
                    c.answerInterval().medianMargin());
            yield "selection-aware " + lvl + " intervals";
          }
          case CurveFit.INTERVAL_MEAN -> meanIntervals(chosen.level());
          case CurveFit.INTERVAL_CONDITIONAL -> "the family's own " + lvl + " bootstrap intervals";
          default -> "no intervals (--bootstrap 0, no repeats, or 2 sizes)";
        };
    String what = c.mean() != null ? c.mean().summary() : c.chosen();
    sb.append("  answer: ").append(what).append(", ").append(how).append('\n');
    // Two sizes whose curves keep rising: beyond the largest size an accuracy is an upper figure
    // and a size a lower one, as the sentences say; the lines said "1.0000^" and "852" alone.
    List<FitSummary.Prediction> said = FitSummary.predictions(c);
    List<FitSummary.Target> targets = FitSummary.targets(c);
    for (int i = 0; i < c.predictions().size(); i++) {
      Prediction p = c.predictions().get(i);
      FitSummary.Measured from = said.get(i).risingFrom();
      sb.append("    ")
          .append(metric)
          .append(" at ")
          .append(num(p.n()))
          .append(": ")
          .append(
              from == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      "more than %.4f (measured at %d), less than ",
                      from.mean(),
                      from.size()))
          .append(bounds.prediction(p))
          .append('\n');
    }
    for (int i = 0; i < c.targets().size(); i++) {
      TargetEstimate t = c.targets().get(i);
      sb.append("    n for ")
          .append(Percent.fraction(t.accuracy()))
          .append(": ")
          .append(targets.get(i).risingOnly() ? "more than " : "")
          .append(t.describe(chosen.level()))
          .append('\n');
    }
    if (detail != null) {
      sb.append(detail);
    }
  }

  private static String align(List<String[]> rows) {
    int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] width = new int[cols];
    for (String[] r : rows) {
      // a skipped family's reason spans the rest of the line; it does not widen the columns
      int n = r.length == 3 && r[2].startsWith("skipped:") ? 2 : r.length;
      for (int i = 0; i < n; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder(" ");
      for (int i = 0; i < r.length; i++) {
        line.append(' ').append(r[i]);
        if (i < r.length - 1) {
          line.append(" ".repeat(width[i] - r[i].length())).append(' ');
        }
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  /**
   * How the default answer's intervals are described: "calibrated" only at the level the corpus
   * calibrated (90%); another {@code --level} scales those amounts by normal quantiles and was not
   * calibrated itself (docs/answer.md), which the line then says.
   *
   * @param level the interval level in force
   * @return e.g. {@code calibrated 90% intervals}
   */
  static String meanIntervals(double level) {
    double calibrated = AnswerCalibration.DEFAULT.level();
    String lvl = FitOptions.levelPercent(level);
    if (Math.abs(level - calibrated) < 1e-12) {
      return "calibrated " + lvl + " intervals";
    }
    return lvl
        + " intervals (the calibrated "
        + FitOptions.levelPercent(calibrated)
        + " ones scaled by normal quantiles, not calibrated themselves)";
  }
}
