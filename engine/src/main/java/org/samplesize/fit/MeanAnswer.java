package org.samplesize.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The default answer ({@code --family auto}): the mean of the fitted curve families' values, with
 * an interval calibrated on real learning curves ({@link AnswerCalibration}). No family is
 * selected: the families that overshoot and those that undershoot a curve that levels off tend to
 * cancel, and the four-parameter families, which leaving the largest size out cannot score on four
 * sizes, take part. Beyond the largest size the answer never falls as the size grows (more data is
 * not expected to lower accuracy; one family, vap3, can turn down). Immutable.
 *
 * <p>The interval at size {@code n} is {@code point + [lower(g), upper(g)] · s(n)} with {@code g =
 * log2(n / largest size)} and {@code s(n) = √(h² + d²)}: {@code h} the mean half-width of the
 * averaged families' own bootstrap intervals at {@code n}, {@code d} the standard deviation of
 * their values there; up to the largest size it is {@code point ± s(n)}. The guard (the family
 * among {@link AnswerCalibration#guards()} that the size means support best, {@link GuardChoice})
 * joins its own interval, shrunk toward its value to a share that grows with how much better the
 * means support it than the best family that cannot guard ({@link AnswerCalibration#guardShare}):
 * the interval is the smallest one that holds both. A target's size interval is where the upper and
 * the lower end of that band first reach the target from the smallest measured size on (below it
 * the band is an extrapolation backwards and means nothing; where the band already reaches the
 * target there, the lower end is that size, read "at most"); the upper end of the size interval is
 * unbounded when the band's lower end never does.
 *
 * <p>A family whose curve lies more than {@value #LEFT_OUT_STANDARD_ERRORS} standard errors and
 * {@value #LEFT_OUT_POINTS} of the metric from a mean measured at the curve's own sizes is left out
 * of the mean (and of the spread and the guard's rivals): it contradicts the data, not their noise.
 * On a curve that rises steeply and then stays flat (means 0.40, 0.80, 0.90, 0.905, 0.906 at
 * 25–400), pow2 and log2 miss the smallest size by 70–85 standard errors, and with them the mean
 * read 92.6% where 90.6% was measured. The threshold lies beyond every family's miss on the corpus
 * of real curves (the farthest: pow2 on a tf_flowers head curve, 28.5 standard errors and 4.7
 * points), where the families that miss by less still improve the mean: leaving out those 10
 * standard errors off (pow2 on 15 of the 276 curves, log2 on 11) raised the held-out median error
 * at twice the largest size from 0.66 to 0.75 points, and an Occam's window on the families' scores
 * did worse still ({@code docs/method.md}). When every family misses, none is left out.
 */
public final class MeanAnswer {
  /** Standard errors of a measured mean beyond which a family's miss leaves it out of the mean. */
  static final double LEFT_OUT_STANDARD_ERRORS = 30;

  /** Least distance, in the metric's units, for a family's miss to leave it out of the mean. */
  static final double LEFT_OUT_POINTS = 0.01;

  /**
   * A family left out of the mean, with the measured mean it misses by the most standard errors.
   *
   * @param family the family's name
   * @param size the measured size
   * @param value the family's value there
   * @param measured the mean measured there
   * @param standardErrors how many standard errors of that mean the family lies off
   */
  public record LeftOut(
      String family, double size, double value, double measured, double standardErrors) {}

  private final List<FamilyFit> members;
  private final List<LeftOut> leftOut;
  private final double scale;
  private final AnswerCalibration calibration;
  private final double level;
  private final boolean withIntervals;
  private final FamilyFit guard;
  private final double guardShare;
  private final RisingEnvelope rising;
  private final double smallest;

  /** The interval's ends held non-decreasing, made on first use (see {@link #interval}). */
  private volatile Ends ends;

  private record Ends(RisingEnvelope lower, RisingEnvelope upper) {}

  /** The grid the interval's held ends are searched on, points a doubling. */
  private static final int ENDS_POINTS_PER_DOUBLING = 4;

  private MeanAnswer(
      List<FamilyFit> members,
      List<LeftOut> leftOut,
      List<SizeSummary> sizes,
      AnswerCalibration calibration,
      double level) {
    this.members = List.copyOf(members);
    this.leftOut = List.copyOf(leftOut);
    GuardChoice.Guard g =
        GuardChoice.choose(
            this.members.stream().filter(f -> calibration.guards().contains(f.family())).toList(),
            this.members.stream().filter(f -> !calibration.guards().contains(f.family())).toList(),
            sizes);
    this.guard = g == null ? null : g.fit();
    this.guardShare = g == null ? Double.NaN : calibration.guardShare(g.weight());
    this.scale = sizes.get(sizes.size() - 1).size();
    this.smallest = sizes.get(0).size();
    this.calibration = calibration;
    this.level = level;
    this.withIntervals = members.stream().allMatch(f -> f.bootstrapReplicates() > 0);
    this.rising = new RisingEnvelope(this::mean, scale);
  }

  /**
   * @param fits a curve's family rows
   * @param sizes the curve's sizes, ascending (the guard is chosen on their means and spreads)
   * @param calibration which families and how the interval is calibrated
   * @param level the interval level
   * @return the mean of the fitted families among the calibration's, less those that contradict the
   *     measured means (see the class comment), or null when none was fitted
   */
  public static MeanAnswer of(
      List<FamilyFit> fits, List<SizeSummary> sizes, AnswerCalibration calibration, double level) {
    List<FamilyFit> fitted = new ArrayList<>();
    for (FamilyFit f : fits) {
      if (f.fitted() && calibration.families().contains(f.family())) {
        fitted.add(f);
      }
    }
    if (fitted.isEmpty()) {
      return null;
    }
    List<FamilyFit> members = new ArrayList<>();
    List<LeftOut> leftOut = new ArrayList<>();
    for (FamilyFit f : fitted) {
      FarFromTheMeans.Miss miss =
          FarFromTheMeans.worst(f::predict, sizes, LEFT_OUT_STANDARD_ERRORS, LEFT_OUT_POINTS);
      if (miss == null) {
        members.add(f);
      } else {
        leftOut.add(
            new LeftOut(
                f.family().id(),
                miss.at().size(),
                miss.value(),
                miss.at().mean(),
                miss.standardErrors()));
      }
    }
    if (members.isEmpty()) {
      // Every family contradicts the data: none is better placed to speak for them.
      members = fitted;
      leftOut = List.of();
    }
    return new MeanAnswer(members, leftOut, sizes, calibration, level);
  }

  /**
   * @return the families left out of the mean because they contradict the measured means (see the
   *     class comment), in the families' order; empty on most curves
   */
  public List<LeftOut> leftOut() {
    return leftOut;
  }

  /**
   * @return the families averaged, by name
   */
  public List<String> familyIds() {
    return members.stream().map(f -> f.family().id()).toList();
  }

  /**
   * @return the guard family (see the class comment), or null when none of the guards was fitted
   *     with a finite score ({@link GuardChoice})
   */
  public String guardId() {
    return guard == null ? null : guard.family().id();
  }

  /**
   * @return the share of the guard's own interval that the answer joins ({@link
   *     AnswerCalibration#guardShare}), or NaN without a guard
   */
  public double guardShare() {
    return guardShare;
  }

  /**
   * @return the families averaged, those left out and, when the answer has intervals, the guard
   *     (the guard only shapes the interval, so without one it is not named), e.g. {@code mean of 8
   *     families (pow2, …), guarded by pow4}
   */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "mean of %d families (%s)%s%s",
        members.size(),
        String.join(", ", familyIds()),
        leftOut.isEmpty() ? "" : "; " + leftOutWords(),
        guard == null || !withIntervals ? "" : ", guarded by " + guard.family().id());
  }

  /**
   * @return the families left out and why, as fit's answer line and the report say it, e.g. {@code
   *     pow2, log2 left out (each more than 30 standard errors and 1 point off a measured mean)};
   *     empty when none is
   */
  public String leftOutWords() {
    return leftOut.isEmpty()
        ? ""
        : String.format(
            Locale.ROOT,
            "%s left out (each more than %.0f standard errors and %.0f point off a measured mean)",
            String.join(", ", leftOut.stream().map(LeftOut::family).toList()),
            LEFT_OUT_STANDARD_ERRORS,
            LEFT_OUT_POINTS * 100);
  }

  /**
   * The answer's curve: the mean of the families' values (each within [0, 1]); beyond the largest
   * size it never falls as the size grows (the highest the mean takes from the largest size to
   * {@code n}, {@link RisingEnvelope}).
   *
   * @param n training-set size
   * @return the value
   */
  public double value(double n) {
    return rising.at(n);
  }

  private double mean(double n) {
    double s = 0;
    for (FamilyFit f : members) {
      s += f.predict(n);
    }
    return s / members.size();
  }

  /**
   * @param n training-set size
   * @return the scale of the interval at n: √(h² + d²), h the mean half-width of the families' own
   *     intervals, d the standard deviation of their values
   */
  public double spread(double n) {
    double h = 0;
    double m = mean(n);
    double d = 0;
    for (FamilyFit f : members) {
      double[] iv = f.interval(n);
      h += (iv[1] - iv[0]) / 2;
      double e = f.predict(n) - m;
      d += e * e;
    }
    h /= members.size();
    d /= members.size();
    return Math.max(calibration.floor(), Math.sqrt(h * h + d));
  }

  /**
   * The guard's own interval at a size, shrunk toward its value to the {@link #guardShare}.
   *
   * @param n training-set size
   * @return {lo, hi}, or null without a guard or bootstrap
   */
  public double[] guardInterval(double n) {
    if (guard == null || !withIntervals) {
      return null;
    }
    double v = guard.predict(n);
    double[] iv = guard.interval(n);
    double k = guardShare;
    return new double[] {v + k * (iv[0] - v), v + k * (iv[1] - v)};
  }

  /**
   * The calibrated band alone, before the guard joins it.
   *
   * @param n training-set size
   * @param q the multipliers {lower, upper}
   * @return {lo, hi}
   */
  double[] band(double n, double[] q) {
    double p = value(n);
    double s = spread(n);
    return new double[] {p + q[0] * s, p + q[1] * s};
  }

  /**
   * The calibrated interval of the answer at a size. From the smallest measured size on, its ends
   * never fall as the size grows: the lower end at {@code n} is the highest the band's lower end
   * takes from the smallest measured size to {@code n}, the upper end the lowest its upper end
   * takes from {@code n} on ({@link RisingEnvelope}). A learning curve does not fall, so the
   * accuracy at {@code n} is at least that at any smaller size and at most that at any larger one:
   * the ends held this way bound it wherever the raw ends do (where they cross, the raw ends fit no
   * non-decreasing curve, and the raw interval stands). Without this the upper end dipped where the
   * band narrows from the families' own spread at the largest size to the calibrated width at twice
   * it (97.7% at 1.5×, 97.4% at 2× on one table).
   *
   * @param n training-set size
   * @return {lo, hi} within [0, 1] holding {@link #value}, or null without bootstrap
   */
  public double[] interval(double n) {
    if (!withIntervals) {
      return null;
    }
    double[] raw = rawInterval(n);
    double[] iv = raw;
    if (n >= smallest) {
      Ends e = ends;
      if (e == null) {
        // Deterministic, so two threads that both make it make the same.
        // The two ends are searched on one grid, each size's raw interval made once; 4 points a
        // doubling find the ends' local extremes (smooth pieces joined at the anchors and where the
        // guard takes over) at a tenth of a second less a curve than the mean's 16. The map is
        // this thread's while the ends are made; they are then read with the raw interval at n,
        // never through it, so that threads reading the ends share nothing mutable.
        java.util.Map<Double, double[]> grid = new java.util.HashMap<>();
        boolean[] making = {true};
        DoubleUnaryOperator lower =
            m -> (making[0] ? grid.computeIfAbsent(m, this::rawInterval) : rawInterval(m))[0];
        DoubleUnaryOperator upper =
            m -> (making[0] ? grid.computeIfAbsent(m, this::rawInterval) : rawInterval(m))[1];
        e =
            new Ends(
                RisingEnvelope.over(lower, smallest, ENDS_POINTS_PER_DOUBLING),
                RisingEnvelope.under(upper, smallest, ENDS_POINTS_PER_DOUBLING));
        making[0] = false;
        grid.clear();
        ends = e;
      }
      iv = new double[] {e.lower().at(n, raw[0]), e.upper().at(n, raw[1])};
      if (iv[0] > iv[1]) {
        // The held ends cross only where the raw ones fit no non-decreasing curve (a table whose
        // answer falls): there the raw interval stands.
        iv = raw;
      }
    }
    double[] held = Intervals.holdPoint(value(n), iv);
    return new double[] {held[0], held[1]};
  }

  /**
   * The band joined with the guard's interval, within [0, 1]: the interval before its ends are
   * held.
   */
  private double[] rawInterval(double n) {
    double g = Math.log(n / scale) / Math.log(2);
    double[] b = band(n, calibration.multipliers(g, level));
    double[] gi = guardInterval(n);
    if (gi != null) {
      b[0] = Math.min(b[0], gi[0]);
      b[1] = Math.max(b[1], gi[1]);
    }
    return new double[] {FamilyFit.clampToUnit(b[0]), FamilyFit.clampToUnit(b[1])};
  }

  /**
   * @param at the sizes
   * @return the answer at each, with its interval (NaN ends without bootstrap)
   */
  public List<Prediction> predictions(List<Double> at) {
    List<Prediction> out = new ArrayList<>();
    for (double n : at) {
      double[] iv = interval(n);
      out.add(
          new Prediction(
              n, value(n), iv == null ? Double.NaN : iv[0], iv == null ? Double.NaN : iv[1]));
    }
    return out;
  }

  /**
   * The size for each target: where the answer's curve first reaches it, with the sizes where the
   * interval's upper and lower ends first reach it. When the curve cannot place a target that the
   * measured means reach (it levels off just below, or sits above it from size 1 on), the means
   * answer ({@link SizeSearch#measuredSizeFor}) and a warning says so.
   *
   * @param targets the target accuracies
   * @param sizes the measured sizes, ascending
   * @param means the mean at each
   * @param warnings collects the warnings
   * @return one estimate per target
   */
  public List<TargetEstimate> targets(
      List<Double> targets, double[] sizes, double[] means, List<String> warnings) {
    List<TargetEstimate> out = new ArrayList<>();
    for (double t : targets) {
      double smallest = sizes[0];
      double n = SizeSearch.pointSizeFor(this::value, t, smallest);
      double lo = Double.NaN;
      double hi = Double.NaN;
      if (withIntervals) {
        // Both ends are searched from the smallest measured size: below it the band is an
        // extrapolation backwards where the families part ways, and its upper end can reach any
        // target there (one image for a class whose recall is 85% at 40 images).
        lo = Math.ceil(SizeSearch.sizeFrom(m -> interval(m)[1], t, smallest));
        hi = Math.ceil(SizeSearch.sizeFrom(m -> interval(m)[0], t, smallest));
      }
      boolean fromOne = Double.isFinite(n) && n <= 1;
      double measured =
          Double.isFinite(n) && !fromOne ? Double.NaN : SizeSearch.measuredSizeFor(sizes, means, t);
      if (Double.isFinite(measured)) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "the answer's curve %s; the measured means reach it, so the answer for %s"
                    + " interpolates them instead",
                fromOne
                    ? "is at or above " + Percent.fraction(t) + " from size 1 on"
                    : String.format(Locale.ROOT, "levels off below %s", Percent.fraction(t)),
                Percent.fraction(t)));
        n = measured;
      }
      double[] iv =
          Intervals.holdPoint(
              Double.isFinite(n) ? n : Double.POSITIVE_INFINITY, new double[] {lo, hi});
      // At the smallest size the interval already reaches the target: the data say only that it
      // may be met there or with fewer images.
      boolean atMost = iv[0] == smallest;
      if (Double.isFinite(n)) {
        out.add(new TargetEstimate(t, n, iv[0], iv[1], true, Double.NaN, atMost));
      } else {
        out.add(
            new TargetEstimate(
                t,
                Double.NaN,
                iv[0],
                iv[1],
                false,
                levelsOff(smallest),
                atMost,
                SizeSearch.fallsFrom(this::value, smallest, sizes[sizes.length - 1])));
      }
    }
    return out;
  }

  /**
   * The highest value the answer's curve gets to from the smallest measured size up to {@link
   * LearningCurveFitter#MAX_SIZE}.
   */
  private double levelsOff(double smallest) {
    return SizeSearch.highestFrom(this::value, smallest);
  }
}
