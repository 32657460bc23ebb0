package org.samplesize.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer of automatic selection: the selected family's values, with intervals that carry the
 * selection and the error of extrapolating with a family that may be wrong ({@link
 * AnswerInterval}): every bootstrap replicate selects a family again by {@link SelectionRule} and
 * adds its own leave-last-size-out error, with a random sign, per size step beyond the largest
 * size. Beyond the largest size the point is held at the chosen curve's value there, as every
 * replicate is. With one family fitted, its own row and interval are the answer.
 */
final class SelectionAnswer {
  private SelectionAnswer() {}

  /**
   * @param curve the curve
   * @param families the families asked for, in order
   * @param fits their rows, in the same order
   * @param selection the family the rule chose on the full data
   * @param boot the bootstrap, null when off
   * @param b the number of replicates asked for
   * @param level the interval level
   * @param extended collects the intervals that had to be extended to hold their point
   * @return the answer
   */
  static CurveAnswer answer(
      ScaledCurve curve,
      List<CurveFamily> families,
      List<FamilyFit> fits,
      Selection selection,
      Bootstrap boot,
      int b,
      double level,
      List<String> extended) {
    int nf = families.size();
    int m = curve.sizeCount();
    double scale = curve.scale();
    FamilyFit chosen = selection.index() < 0 ? null : fits.get(selection.index());
    List<Prediction> predictions = chosen == null ? List.of() : chosen.predictions();
    List<TargetEstimate> targets = chosen == null ? List.of() : chosen.targets();
    Map<String, Integer> choices = new LinkedHashMap<>();
    String interval = b == 0 ? CurveFit.INTERVAL_NONE : CurveFit.INTERVAL_CONDITIONAL;
    AnswerInterval answer = null;
    List<String> warnings = new ArrayList<>();
    if (chosen != null) {
      targets =
          measuredWhereTheCurveFallsShort(
              chosen, targets, curve.sizes(), curve.full().mean, warnings);
    }
    if (chosen != null && boot != null && boot.selecting && b > 0) {
      CurveFamily[] selFamily = new CurveFamily[b];
      double[][] selParams = new double[b][];
      int[] count = new int[nf];
      boolean anyMargin = false;
      int selectedCount = 0;
      int withoutMargin = 0;
      for (int r = 0; r < b; r++) {
        int f = boot.selected[r];
        if (f >= 0) {
          count[f]++;
          selFamily[r] = families.get(f);
          selParams[r] = boot.params[f][r];
          anyMargin |= boot.shift[r] != 0;
          selectedCount++;
          withoutMargin += boot.shift[r] == 0 ? 1 : 0;
        }
      }
      for (int f = 0; f < nf; f++) {
        if (count[f] > 0) {
          choices.put(families.get(f).id(), count[f]);
        }
      }
      answer =
          new AnswerInterval(
              selFamily,
              selParams,
              boot.shift,
              scale,
              Math.max(Math.log(curve.x()[m - 1] / curve.x()[m - 2]), Math.log(2)),
              level,
              curve.sizes(),
              boot.means);
      // Beyond the largest size every replicate is held at (at least) its own value there: more
      // data is not expected to lower accuracy. The point estimate follows the same rule, or a
      // falling curve's point would lie below every replicate (and outside its interval).
      double atLargest = FamilyFit.clampToUnit(chosen.family().value(1, chosen.scaledParams()));
      List<String> heldUp = new ArrayList<>();
      List<Prediction> answered = new ArrayList<>();
      for (Prediction p : chosen.predictions()) {
        double v = p.accuracy();
        if (p.n() > scale && v < atLargest) {
          v = atLargest;
          heldUp.add(CurveData.formatSize(p.n()));
        }
        double[] iv = Intervals.holdPoint(v, answer.interval(p.n()));
        if (iv[2] != 0) {
          extended.add("the answer at " + CurveData.formatSize(p.n()));
        }
        answered.add(new Prediction(p.n(), v, iv[0], iv[1]));
      }
      predictions = answered;
      if (!heldUp.isEmpty()) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "the chosen curve (%s) falls beyond the largest size; the answer at %s is held at"
                    + " its value at %s (%.4f), as every bootstrap replicate is: more data is not"
                    + " expected to lower accuracy",
                chosen.family().id(),
                String.join(", ", heldUp),
                CurveData.formatSize(scale),
                atLargest));
      }
      List<TargetEstimate> answeredTargets = new ArrayList<>();
      for (TargetEstimate t : targets) {
        double[] iv =
            Intervals.holdPoint(
                t.reachable() ? t.n() : Double.POSITIVE_INFINITY,
                answer.sizeInterval(t.accuracy()));
        if (iv[2] != 0) {
          extended.add("the answer for " + Percent.fraction(t.accuracy()));
        }
        answeredTargets.add(
            new TargetEstimate(
                t.accuracy(),
                t.n(),
                iv[0],
                iv[1],
                t.reachable(),
                t.levelsOffAt(),
                iv[0] == curve.sizes()[0],
                t.falls()));
      }
      targets = answeredTargets;
      interval = CurveFit.INTERVAL_SELECTION;
      if (!anyMargin || selection.rule() == Selection.Rule.AICC) {
        // AICc decided because one curve family was asked for beside the baseline: more sizes
        // would not help.
        boolean oneCurve =
            selection.rule() == Selection.Rule.AICC
                && families.stream().filter(f -> f != CurveFamily.LAST1).count() < 2;
        warnings.add(
            "fewer than two curve families could be scored leaving the largest size out, so the"
                + " interval holds little or no extrapolation-error margin and is too narrow beyond"
                + " the largest size; "
                + (oneCurve
                    ? "name two or more curve families in --family (last1 is the baseline, not a"
                        + " curve family)"
                    : "add sizes"));
      } else if (withoutMargin > 0.1 * selectedCount) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "%d of %d bootstrap replicates selected a family without a leave-last-size-out"
                    + " score, so they add no extrapolation-error margin and the interval may be too"
                    + " narrow beyond the largest size; add sizes",
                withoutMargin,
                selectedCount));
      }
    }
    return new CurveAnswer(predictions, targets, interval, choices, answer, warnings);
  }

  /**
   * The answer for targets that the chosen family's curve cannot place although the measured means
   * reach them: a curve that levels off a little below the data, or one that is at or above the
   * target from size 1 on (a falling curve, or a target below anything measured), which would say
   * "1 image". The measured means answer instead ({@link #measuredSizeFor}), the interval is
   * extended to hold that answer, and a warning says so.
   */
  private static List<TargetEstimate> measuredWhereTheCurveFallsShort(
      FamilyFit chosen,
      List<TargetEstimate> targets,
      double[] sizes,
      double[] means,
      List<String> warnings) {
    if (chosen.family() == CurveFamily.LAST1) {
      return targets; // its targets already come from the measured means
    }
    List<TargetEstimate> out = new ArrayList<>();
    for (TargetEstimate t : targets) {
      boolean fromOne = t.reachable() && t.n() <= 1;
      double measured =
          t.reachable() && !fromOne
              ? Double.NaN
              : SizeSearch.measuredSizeFor(sizes, means, t.accuracy());
      if (Double.isNaN(measured) || Double.isInfinite(measured)) {
        out.add(t);
        continue;
      }
      // The interval's ends were searched from the smallest size on; a lower end below it only
      // held the point "1 image", which the measured answer replaces.
      double lo = t.lo() < sizes[0] ? sizes[0] : t.lo();
      double[] iv = Intervals.holdPoint(measured, new double[] {lo, t.hi()});
      out.add(
          new TargetEstimate(
              t.accuracy(), measured, iv[0], iv[1], true, Double.NaN, iv[0] == sizes[0]));
      String why =
          fromOne
              ? String.format(
                  Locale.ROOT,
                  "is at or above %s from size 1 on, so it does not say where %s is reached",
                  Percent.fraction(t.accuracy()),
                  Percent.fraction(t.accuracy()))
              : String.format(
                  Locale.ROOT,
                  "levels off at %.4f, below %s",
                  t.levelsOffAt(),
                  Percent.fraction(t.accuracy()));
      warnings.add(
          String.format(
              Locale.ROOT,
              "the chosen curve (%s) %s; the measured means reach it, so the answer for %s"
                  + " interpolates them instead",
              chosen.family().id(),
              why,
              Percent.fraction(t.accuracy())));
    }
    return out;
  }
}
