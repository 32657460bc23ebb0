package org.samplesize.benchmarks.corpus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.samplesize.fit.AnswerCalibration;
import org.samplesize.fit.CurveFamily;
import org.samplesize.fit.FamilyFit;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.TargetEstimate;

/** The built-in answer methods, all read from the fits of a {@link FittedCurve}. */
public final class AnswerMethods {
  private AnswerMethods() {}

  /** The saturating families whose median is one of the methods. */
  public static final List<CurveFamily> SATURATING =
      List.of(
          CurveFamily.POW3,
          CurveFamily.POW4,
          CurveFamily.EXP3,
          CurveFamily.VAP3,
          CurveFamily.MMF4,
          CurveFamily.WBL4);

  /**
   * @return today's default, every single family, the recipe, the median of the saturating families
   *     and one example of a tuned method, in that order
   */
  public static List<AnswerMethod> all() {
    List<AnswerMethod> m = new ArrayList<>();
    m.add(auto());
    m.add(select());
    m.add(new CalibratedMean("mean8", AnswerCalibration.MEAN_FAMILIES, true, true));
    m.add(new CalibratedMean("mean8-unguarded", AnswerCalibration.MEAN_FAMILIES, true, false));
    m.add(new CalibratedMean("mean8-raw", AnswerCalibration.MEAN_FAMILIES, false, false));
    m.add(new CalibratedMean("mean6-cal", SATURATING, true, true));
    // pow3 cannot guard, and the guard is one of the averaged families: unguarded
    m.add(new CalibratedMean("pow3-cal", List.of(CurveFamily.POW3), true, false));
    for (CurveFamily f : CurveFamily.values()) {
      m.add(family(f));
    }
    m.add(recipe());
    m.add(medianOfSaturating());
    m.add(new AutoShift());
    return m;
  }

  /**
   * @return {@code samplesize fit}'s answer with its default settings ({@code --family auto})
   */
  public static AnswerMethod auto() {
    return fixed(
        "auto",
        "samplesize fit's answer, default settings: mean8 with the calibration it ships (learned"
            + " on every data set, so in sample here; mean8 is its held-out score)",
        c -> fromFit(c.curve(), c.auto().predictions(), c.auto().targets()));
  }

  /**
   * @return the selection rule's answer with selection-aware intervals (every family named)
   */
  public static AnswerMethod select() {
    return fixed(
        "select",
        "the selection rule (leave-last-size-out + AICc) with selection-aware intervals: the"
            + " default answer before the calibrated mean",
        c -> fromFit(c.curve(), c.select().predictions(), c.select().targets()));
  }

  /**
   * @param f a family
   * @return that family alone: its own row of the default fit, with its own bootstrap interval
   *     (what {@code --family f} reports)
   */
  public static AnswerMethod family(CurveFamily f) {
    return fixed(
        f.id(),
        f.id() + " alone, its own bootstrap interval",
        c -> {
          FamilyFit ff = c.select().family(f.id());
          return ff.fitted() ? fromFit(c.curve(), ff.predictions(), ff.targets()) : Answer.NONE;
        });
  }

  /**
   * @return {@code --method recipe}: the recipe's a·n^b by its own gradient descent
   */
  public static AnswerMethod recipe() {
    return fixed(
        "recipe",
        "--method recipe: pow2 by the recipe's gradient descent, its own bootstrap interval",
        c -> fromFit(c.curve(), c.recipe().predictions(), c.recipe().targets()));
  }

  /**
   * @return the median of the fitted saturating families' answers; its interval is the median of
   *     their interval ends (an ad hoc interval, not a calibrated one)
   */
  public static AnswerMethod medianOfSaturating() {
    return fixed(
        "median6",
        "median of pow3, pow4, exp3, vap3, mmf4, wbl4 (interval: median of their ends)",
        AnswerMethods::median6);
  }

  private static Answer median6(FittedCurve c) {
    List<FamilyFit> fits = new ArrayList<>();
    for (CurveFamily f : SATURATING) {
      FamilyFit ff = c.auto().family(f.id());
      if (ff.fitted()) {
        fits.add(ff);
      }
    }
    if (fits.isEmpty()) {
      return Answer.NONE;
    }
    List<CorpusCurve.Truth> truths = c.curve().truths();
    List<Answer.Point> points = new ArrayList<>();
    for (int i = 0; i < truths.size(); i++) {
      final int k = i;
      Prediction first = fits.get(0).predictions().get(i);
      points.add(
          new Answer.Point(
              truths.get(i).factor(),
              first.n(),
              median(fits, f -> f.predictions().get(k).accuracy()),
              median(fits, f -> f.predictions().get(k).lo()),
              median(fits, f -> f.predictions().get(k).hi())));
    }
    List<CorpusCurve.Truth> asked = CorpusHarness.targetTruths(c.curve());
    List<Double> accuracies = CorpusHarness.targetAccuracies(c.curve());
    List<Answer.Size> sizes = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      final int k = accuracies.indexOf(asked.get(i).accuracy());
      sizes.add(
          new Answer.Size(
              asked.get(i).factor(),
              asked.get(i).accuracy(),
              median(fits, f -> pointSize(f.targets().get(k))),
              median(fits, f -> f.targets().get(k).lo()),
              median(fits, f -> f.targets().get(k).hi())));
    }
    return new Answer(points, sizes);
  }

  private static double median(List<FamilyFit> fits, Function<FamilyFit, Double> value) {
    double[] v = new double[fits.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = value.apply(fits.get(i));
    }
    return Scores.median(v);
  }

  /**
   * An example of a tuned method, not a proposal: the default answer minus the median signed error
   * the default made at the same factor on the training data sets. Predictions only.
   */
  static final class AutoShift implements AnswerMethod {
    private final Map<Double, Double> shift;

    AutoShift() {
      this(Map.of());
    }

    private AutoShift(Map<Double, Double> shift) {
      this.shift = Map.copyOf(shift);
    }

    @Override
    public String name() {
      return "select-shift";
    }

    @Override
    public String description() {
      return "example of a tuned method: select minus select's median signed error on the other"
          + " data sets, per factor (predictions only)";
    }

    @Override
    public boolean tunable() {
      return true;
    }

    @Override
    public AnswerMethod tune(List<FittedCurve> training) {
      AnswerMethod base = select();
      Map<Double, List<Double>> errors = new HashMap<>();
      for (FittedCurve c : training) {
        Answer a = base.answer(c);
        for (CorpusCurve.Truth t : c.curve().truths()) {
          Answer.Point p = a.prediction(t.factor());
          if (p != null) {
            errors
                .computeIfAbsent(t.factor(), k -> new ArrayList<>())
                .add(p.accuracy() - t.accuracy());
          }
        }
      }
      Map<Double, Double> s = new HashMap<>();
      errors.forEach(
          (f, e) -> s.put(f, Scores.median(e.stream().mapToDouble(Double::doubleValue).toArray())));
      return new AutoShift(s);
    }

    @Override
    public Answer answer(FittedCurve c) {
      Answer a = select().answer(c);
      List<Answer.Point> points = new ArrayList<>();
      for (Answer.Point p : a.predictions()) {
        double d = shift.getOrDefault(p.factor(), 0.0);
        points.add(
            new Answer.Point(
                p.factor(), p.n(), clamp(p.accuracy() - d), clamp(p.lo() - d), clamp(p.hi() - d)));
      }
      return new Answer(points, List.of());
    }

    private static double clamp(double v) {
      return Double.isNaN(v) ? v : Math.max(0, Math.min(1, v));
    }
  }

  /**
   * The answer in a fit's predictions and targets, which were asked at the curve's truth sizes and
   * at {@link CorpusHarness#targetAccuracies}, in order.
   */
  static Answer fromFit(
      CorpusCurve curve, List<Prediction> predictions, List<TargetEstimate> targets) {
    List<CorpusCurve.Truth> truths = curve.truths();
    if (predictions.size() != truths.size()) {
      throw new IllegalStateException(
          curve.id() + ": " + predictions.size() + " predictions for " + truths.size() + " truths");
    }
    List<Answer.Point> points = new ArrayList<>();
    for (int i = 0; i < truths.size(); i++) {
      Prediction p = predictions.get(i);
      points.add(new Answer.Point(truths.get(i).factor(), p.n(), p.accuracy(), p.lo(), p.hi()));
    }
    List<CorpusCurve.Truth> asked = CorpusHarness.targetTruths(curve);
    List<Double> accuracies = CorpusHarness.targetAccuracies(curve);
    if (targets.size() != accuracies.size()) {
      throw new IllegalStateException(
          curve.id() + ": " + targets.size() + " targets for " + accuracies.size() + " asked");
    }
    List<Answer.Size> sizes = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      TargetEstimate t = targets.get(accuracies.indexOf(asked.get(i).accuracy()));
      sizes.add(new Answer.Size(asked.get(i).factor(), t.accuracy(), pointSize(t), t.lo(), t.hi()));
    }
    return new Answer(points, sizes);
  }

  /** The point size, +infinity when the point curve does not reach the target. */
  static double pointSize(TargetEstimate t) {
    return t.reachable() ? t.n() : Double.POSITIVE_INFINITY;
  }

  private static AnswerMethod fixed(
      String name, String description, Function<FittedCurve, Answer> f) {
    return new AnswerMethod() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public Answer answer(FittedCurve c) {
        return f.apply(c);
      }
    };
  }
}
