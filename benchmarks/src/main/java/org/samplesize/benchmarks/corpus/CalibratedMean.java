package org.samplesize.benchmarks.corpus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.samplesize.fit.AnswerCalibration;
import org.samplesize.fit.CurveData;
import org.samplesize.fit.CurveFamily;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FamilyFit;
import org.samplesize.fit.MeanAnswer;
import org.samplesize.fit.TargetEstimate;

/**
 * The mean of some families' values ({@link MeanAnswer}, the engine's default answer) with an
 * interval calibrated on the training curves: at each factor the 5th and 95th percentiles (at 90%)
 * of the standardised errors {@code (truth − point) / s} ({@code s} as in {@link
 * MeanAnswer#spread}), scaled together by the smallest factor κ for which the interval, joined with
 * the guard's when {@code guarded}, covers the training truths at the level. Untuned ({@code
 * calibrated = false}), the interval is {@code point ± s}.
 */
final class CalibratedMean implements AnswerMethod {
  /** Factors with fewer standardised errors than this get no anchor of their own. */
  static final int MIN_PER_FACTOR = 20;

  private final String name;
  private final List<CurveFamily> families;
  private final boolean calibrated;
  private final boolean guarded;
  private final AnswerCalibration calibration;

  CalibratedMean(String name, List<CurveFamily> families, boolean calibrated, boolean guarded) {
    this(name, families, calibrated, guarded, null);
  }

  private CalibratedMean(
      String name,
      List<CurveFamily> families,
      boolean calibrated,
      boolean guarded,
      AnswerCalibration calibration) {
    if (guarded && families.stream().noneMatch(AnswerCalibration.GUARD_FAMILIES::contains)) {
      // the guard is one of the averaged families: without one of them there is none to join
      throw new IllegalArgumentException(
          name
              + ": guarded, but none of "
              + families
              + " is among the guard families "
              + AnswerCalibration.GUARD_FAMILIES);
    }
    this.name = name;
    this.families = List.copyOf(families);
    this.calibrated = calibrated;
    this.guarded = guarded;
    this.calibration = calibration;
  }

  /**
   * @return the families averaged
   */
  List<CurveFamily> families() {
    return families;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    String fams = String.join(", ", families.stream().map(CurveFamily::id).toList());
    return (families.size() == 1 ? fams + " alone" : "mean of " + fams)
        + (calibrated
            ? ", interval point + κ·[q05, q95] × s per factor, learned on the other data sets"
            : ", interval point ± s")
        + " (s = √(h² + d²): h the mean half-width of the families' own intervals, d the sd of"
        + " their values)"
        + (guarded
            ? ", joined with the guard's own interval × "
                + AnswerCalibration.GUARD_MIN_SHARE
                + "–1 (the one of pow4, exp3, mmf4, wbl4 the size means support best: AICc with"
                + " each size's own noise; the share grows with its Akaike weight against the"
                + " best of the averaged families that cannot guard)"
            : "");
  }

  @Override
  public boolean tunable() {
    return calibrated;
  }

  /** The calibration with multipliers ±1 at every factor: the untuned interval. */
  private AnswerCalibration plain(double level) {
    return new AnswerCalibration(
        families,
        new double[] {1},
        new double[] {-1},
        new double[] {1},
        0.001,
        level,
        guarded ? AnswerCalibration.GUARD_FAMILIES : List.of(),
        AnswerCalibration.GUARD_MIN_SHARE);
  }

  @Override
  public AnswerMethod tune(List<FittedCurve> training) {
    // per factor: {truth, point, s, guard lo, guard hi} of every training truth
    Map<Double, List<double[]>> z = new TreeMap<>();
    double level = Double.NaN;
    for (FittedCurve c : training) {
      level = level(c.auto());
      MeanAnswer m = mean(c, plain(level));
      if (m == null) {
        continue;
      }
      for (CorpusCurve.Truth t : c.curve().truths()) {
        double[] g = m.guardInterval(t.size());
        z.computeIfAbsent(t.factor(), k -> new ArrayList<>())
            .add(
                new double[] {
                  t.accuracy(),
                  m.value(t.size()),
                  m.spread(t.size()),
                  g == null ? Double.NaN : g[0],
                  g == null ? Double.NaN : g[1]
                });
      }
    }
    List<double[]> anchors = new ArrayList<>();
    for (Map.Entry<Double, List<double[]>> e : z.entrySet()) {
      List<double[]> rows = e.getValue();
      if (rows.size() < MIN_PER_FACTOR) {
        continue;
      }
      double[] v = rows.stream().mapToDouble(r -> (r[0] - r[1]) / r[2]).sorted().toArray();
      double lo = Math.min(quantile(v, (1 - level) / 2), 0);
      double hi = Math.max(quantile(v, (1 + level) / 2), 0);
      double kappa = kappa(rows, lo, hi, level);
      anchors.add(new double[] {Math.log(e.getKey()) / Math.log(2), kappa * lo, kappa * hi});
    }
    if (anchors.isEmpty()) {
      // too few training curves at every factor to learn from: the untuned interval
      return new CalibratedMean(name, families, true, guarded, plain(level));
    }
    double[] steps = anchors.stream().mapToDouble(a -> a[0]).toArray();
    double[] lower = anchors.stream().mapToDouble(a -> a[1]).toArray();
    double[] upper = anchors.stream().mapToDouble(a -> a[2]).toArray();
    AnswerCalibration p = plain(level);
    return new CalibratedMean(
        name,
        families,
        true,
        guarded,
        new AnswerCalibration(
            families, steps, lower, upper, 0.001, level, p.guards(), p.guardMinShare()));
  }

  /**
   * The smallest κ in steps of 0.01 (at most 3) for which {@code point + κ·[lo, hi]·s}, joined with
   * the guard's interval where there is one, holds at least {@code level} of the truths.
   */
  static double kappa(List<double[]> rows, double lo, double hi, double level) {
    for (int k = 0; k <= 300; k++) {
      double kappa = k / 100.0;
      int covered = 0;
      for (double[] r : rows) {
        double a = r[1] + kappa * lo * r[2];
        double b = r[1] + kappa * hi * r[2];
        if (!Double.isNaN(r[3])) {
          a = Math.min(a, r[3]);
          b = Math.max(b, r[4]);
        }
        covered += a <= r[0] && r[0] <= b ? 1 : 0;
      }
      if (covered >= level * rows.size()) {
        return kappa;
      }
    }
    return 3;
  }

  /**
   * @return the calibration learned, in words (for the constants the engine ships)
   */
  String learned() {
    if (calibration == null) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "steps %s, lower %s, upper %s (κ·q)",
        Arrays.toString(calibration.steps()),
        fmt(calibration.lower()),
        fmt(calibration.upper()));
  }

  private static String fmt(double[] v) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v[i]));
    }
    return b.append(']').toString();
  }

  @Override
  public Answer answer(FittedCurve c) {
    AnswerCalibration cal = calibration != null ? calibration : plain(level(c.auto()));
    MeanAnswer m = mean(c, cal);
    if (m == null) {
      return Answer.NONE;
    }
    List<Double> at = c.curve().truths().stream().map(CorpusCurve.Truth::size).toList();
    List<Double> targets = CorpusHarness.targetAccuracies(c.curve());
    CurveData d = c.curve().data();
    double[] sizes = new double[d.sizeCount()];
    double[] means = new double[d.sizeCount()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = d.size(i);
      means[i] = d.mean(i);
    }
    List<TargetEstimate> t = m.targets(targets, sizes, means, new ArrayList<>());
    return AnswerMethods.fromFit(c.curve(), m.predictions(at), t);
  }

  private MeanAnswer mean(FittedCurve c, AnswerCalibration cal) {
    List<FamilyFit> fits = new ArrayList<>();
    for (CurveFamily f : families) {
      fits.add(c.auto().family(f.id()));
    }
    return MeanAnswer.of(fits, c.auto().sizes(), cal, cal.level());
  }

  private static double level(CurveFit fit) {
    for (FamilyFit f : fit.families()) {
      if (f.fitted() && !Double.isNaN(f.level())) {
        return f.level();
      }
    }
    return 0.9;
  }

  /** Type-7 quantile of sorted values. */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
