package org.samplesize.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.DoublePredicate;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FamilyFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.ResultsTable;
import org.samplesize.fit.TargetEstimate;

/**
 * Chooses the next models of an adaptive run: the candidate that is expected to narrow the answer's
 * interval the most per training image.
 *
 * <p><b>The width.</b> Without a target: the width of the interval of the accuracy predicted at the
 * full training-set size, in accuracy units ({@code hi - lo}). With a target: the width of the
 * interval of the size needed for the first target, relative to that size ({@code (hi - lo) / n});
 * infinite when the fit or the interval's upper end does not reach the target.
 *
 * <p><b>The candidates.</b> One more repeat at each measured size; a new size halfway (geometric
 * mean of the fractions) between each pair of neighbouring sizes; a new size at twice the largest
 * fraction (at most the whole training set); and, when the first target's size lies below the
 * smallest measured size (where the answer is an extrapolation downward), a new size at half the
 * smallest fraction, if its models can be drawn (every class in each subsample). A new size gets
 * {@value #NEW_SIZE_MODELS} models at once, so that its spread can be measured. Each costs the
 * training images of its models.
 *
 * <p><b>The estimate.</b> Each candidate is scored by refitting with hypothetical results in place
 * of the ones it would measure: a repeat at a measured size adds a value at that size's mean and
 * widens the existing deviations so that the mean and the sample spread stay as measured (only the
 * count grows); a new size gets {@value #NEW_SIZE_MODELS} values at the fitted curve's value there,
 * spread like the nearest measured size. The expected shrinkage is the width of the fit of the data
 * as measured minus the width of that refit, both with {@link #SCORING_BOOTSTRAP} replicates at
 * most and the run's seed (the same replicate streams, so the difference is not noise of the
 * bootstrap alone); the score is the shrinkage per training image. No randomness of its own: the
 * same results give the same choice.
 *
 * <p>Thread-safe; holds only its settings.
 */
public final class AdaptiveChooser {

  /** Models trained at once at a new size. */
  public static final int NEW_SIZE_MODELS = 3;

  /** The most bootstrap replicates of the fits that score the candidates. */
  public static final int SCORING_BOOTSTRAP = 200;

  /** Widths above this (an unbounded target interval) count as this, so that gains compare. */
  static final double WIDTH_CAP = 1000;

  /**
   * One measured model of the curve.
   *
   * @param fraction the share of the training set it was planned at
   * @param size training images it used
   * @param repeat its repeat number within the fraction
   * @param value its accuracy
   * @param testSize test images it was scored on (0 when unknown)
   */
  public record Observation(double fraction, int size, int repeat, double value, int testSize) {}

  /**
   * A way to spend more training.
   *
   * @param fraction the share of the training set
   * @param firstRepeat the repeat number of its first model
   * @param models how many models (repeats {@code firstRepeat} on)
   * @param size training images per model
   * @param newSize whether no model was trained at this size yet
   */
  public record Candidate(double fraction, int firstRepeat, int models, int size, boolean newSize) {

    /**
     * @return its training images in all
     */
    public long cost() {
      return (long) models * size;
    }

    /**
     * @return what it is, in words, e.g. {@code "1 more repeat at 367 images (fraction 0.1)"}
     */
    public String describe() {
      return newSize
          ? String.format(
              Locale.ROOT, "new size %,d images (fraction %s), %d models", size, fraction, models)
          : String.format(Locale.ROOT, "1 more repeat at %,d images (fraction %s)", size, fraction);
    }
  }

  /**
   * A candidate and its estimate.
   *
   * @param candidate the candidate
   * @param expectedWidth the width expected after it
   * @param score the expected shrinkage of the width per training image
   */
  public record Scored(Candidate candidate, double expectedWidth, double score) {}

  /**
   * The choice of one step.
   *
   * @param best the chosen candidate, or null when none fits the budget or none is expected to
   *     narrow the interval
   * @param scoredWidth the width of the data as measured, fitted as the candidates are
   * @param scored every candidate that fits the budget, in candidate order
   * @param leftOut when no candidate that fits is chosen: how many of those that need more models
   *     than the budget has left were expected to narrow the interval (they are not in {@code
   *     scored}); 0 when one is chosen, as they are then not scored
   */
  public record Choice(Scored best, double scoredWidth, List<Scored> scored, int leftOut) {}

  private final FitOptions options;
  private final int trainSize;
  private final DoublePredicate drawable;
  private final String curve;

  /**
   * @param options the run's fit options: its families, method, weights, bootstrap, level and seed,
   *     predicting at the full size and with its targets (the first one is the question)
   * @param trainSize the training-set size: the size the prediction is made at, and what fractions
   *     are shares of
   * @param drawable whether the {@value #NEW_SIZE_MODELS} models of a new size at a fraction can be
   *     drawn: a subsample holds every class, which a small fraction of an unbalanced training set
   *     may not give; a new size below the smallest measured one is offered only when it can (the
   *     sizes above it were drawn already). Must be a function of the fraction alone.
   * @param curve the curve's name (in the tables it fits)
   */
  public AdaptiveChooser(
      FitOptions options, int trainSize, DoublePredicate drawable, String curve) {
    this.options = Objects.requireNonNull(options, "options");
    this.trainSize = trainSize;
    this.drawable = Objects.requireNonNull(drawable, "drawable");
    this.curve = Objects.requireNonNull(curve, "curve");
    if (options.bootstrap() < 1) {
      throw new IllegalArgumentException("an adaptive run needs the bootstrap interval");
    }
  }

  /**
   * Fits the observations with the run's options (all its replicates): the fit the answer comes
   * from.
   *
   * @param obs the curve's models
   * @return the fit
   */
  public CurveFit fit(List<Observation> obs) {
    return fit(obs, options);
  }

  /**
   * The width of a fit's answer, as the class comment defines it.
   *
   * @param fit a fit made with this chooser's options
   * @return the width; +infinity when there is none (or the target interval is unbounded)
   */
  public double width(CurveFit fit) {
    if (options.targets().isEmpty()) {
      if (fit.predictions().isEmpty()) {
        return Double.POSITIVE_INFINITY;
      }
      Prediction p = fit.predictions().get(0);
      return p.hasInterval() ? p.hi() - p.lo() : Double.POSITIVE_INFINITY;
    }
    if (fit.targets().isEmpty()) {
      return Double.POSITIVE_INFINITY;
    }
    TargetEstimate t = fit.targets().get(0);
    if (!t.reachable() || !t.hasInterval() || !Double.isFinite(t.hi()) || !(t.n() > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    return (t.hi() - t.lo()) / t.n();
  }

  /**
   * The width as candidates are scored: at most {@link #WIDTH_CAP}, and twice that when the answer
   * has no interval at all (two sizes, no repeats). Both read +infinity in {@link #width}; a model
   * that gives the answer an interval, even one unbounded above, is progress: on two sizes with a
   * target every candidate's target interval is unbounded, so none scored above nothing, and the
   * run stopped at once saying no model would give the answer an interval, where a third size does.
   */
  private double capped(CurveFit fit) {
    return CurveFit.INTERVAL_NONE.equals(fit.interval())
        ? 2 * WIDTH_CAP
        : Math.min(WIDTH_CAP, width(fit));
  }

  /**
   * @return whether the width is that of a target's size (relative) rather than of the accuracy
   */
  public boolean targetWidth() {
    return !options.targets().isEmpty();
  }

  /**
   * Scores every candidate that fits in {@code modelsLeft} more models and picks the best.
   *
   * @param obs the curve's models so far
   * @param modelsLeft how many more models the budget allows
   * @return the choice; its {@link Choice#best()} is null when nothing fits or nothing is expected
   *     to narrow the interval
   */
  public Choice choose(List<Observation> obs, int modelsLeft) {
    FitOptions scoring = options.withBootstrap(Math.min(options.bootstrap(), SCORING_BOOTSTRAP));
    CurveFit now = fit(obs, scoring);
    double w0 = capped(now);
    List<Scored> scored = new ArrayList<>();
    Scored best = null;
    List<Candidate> overBudget = new ArrayList<>();
    for (Candidate c : candidates(obs, now)) {
      if (c.models() > modelsLeft) {
        overBudget.add(c);
        continue;
      }
      Scored s = score(obs, now, scoring, w0, c);
      scored.add(s);
      if (s.score() > 0 && (best == null || s.score() > best.score())) {
        best = s;
      }
    }
    int leftOut = 0;
    if (best == null) {
      // Scored only to tell a stop for the budget from one for nothing to gain, so only then: a
      // step's choice does not pay for fits it cannot take.
      for (Candidate c : overBudget) {
        if (score(obs, now, scoring, w0, c).score() > 0) {
          leftOut++;
        }
      }
    }
    return new Choice(best, w0, scored, leftOut);
  }

  /** A candidate's expected width and its gain per training image against {@code w0}. */
  private Scored score(
      List<Observation> obs, CurveFit now, FitOptions scoring, double w0, Candidate c) {
    double w = capped(fit(hypothetical(obs, c, now), scoring));
    return new Scored(c, w, (w0 - w) / c.cost());
  }

  /**
   * The candidates, in a fixed order: a repeat at each measured fraction (by its smallest size,
   * ascending), a new size between each pair of neighbours, a new size beyond the largest, and a
   * new size below the smallest when the first target's size lies below it.
   *
   * @param obs the curve's models so far
   * @param now their fit ({@link #fit} with the scoring options): where the first target lies
   * @return the candidates
   */
  public List<Candidate> candidates(List<Observation> obs, CurveFit now) {
    TreeMap<Integer, List<Observation>> bySize = bySize(obs);
    List<Candidate> out = new ArrayList<>();
    java.util.Set<Double> repeated = new java.util.HashSet<>();
    for (List<Observation> at : bySize.values()) {
      Observation first = at.get(0);
      // The repeats of one fraction can differ in size (a drawn training image that did not
      // decode is not counted): the next repeat is the fraction's, and it is offered once.
      if (!repeated.add(first.fraction())) {
        continue;
      }
      int next =
          obs.stream()
                  .filter(o -> o.fraction() == first.fraction())
                  .mapToInt(Observation::repeat)
                  .max()
                  .orElse(-1)
              + 1;
      out.add(new Candidate(first.fraction(), next, 1, first.size(), false));
    }
    List<List<Observation>> groups = new ArrayList<>(bySize.values());
    for (int i = 0; i + 1 < groups.size(); i++) {
      double f =
          round4(Math.sqrt(groups.get(i).get(0).fraction() * groups.get(i + 1).get(0).fraction()));
      addNew(out, f, bySize, obs);
    }
    double largest = groups.get(groups.size() - 1).get(0).fraction();
    if (largest < 1) {
      addNew(out, Math.min(1.0, round4(2 * largest)), bySize, obs);
    }
    if (targetBelow(now, bySize.firstKey())) {
      // No size to either side of the answer: only a smaller one can bound it from below, and
      // its models are the cheapest there are. Without it the steps buy repeats and sizes above,
      // which can hardly move an end that is an extrapolation downward.
      double f = round4(groups.get(0).get(0).fraction() / 2);
      if ((int) (trainSize * f) >= 1 && drawable.test(f)) {
        addNew(out, f, bySize, obs);
      }
    }
    return out;
  }

  /** Whether the first target's size, as fitted, lies below the smallest measured size. */
  private boolean targetBelow(CurveFit now, int smallest) {
    if (options.targets().isEmpty() || now.targets().isEmpty()) {
      return false;
    }
    TargetEstimate t = now.targets().get(0);
    return t.reachable() && t.n() > 0 && t.n() < smallest;
  }

  private void addNew(
      List<Candidate> out,
      double f,
      TreeMap<Integer, List<Observation>> bySize,
      List<Observation> obs) {
    int size = (int) (trainSize * f);
    boolean fractionUsed = obs.stream().anyMatch(o -> o.fraction() == f);
    if (size < 1 || bySize.containsKey(size) || fractionUsed) {
      return;
    }
    out.add(new Candidate(f, 0, NEW_SIZE_MODELS, size, true));
  }

  /** The observations as they would be after the candidate, with hypothetical values. */
  private List<Observation> hypothetical(List<Observation> obs, Candidate c, CurveFit now) {
    TreeMap<Integer, List<Observation>> bySize = bySize(obs);
    List<Observation> out = new ArrayList<>();
    if (!c.newSize()) {
      for (Map.Entry<Integer, List<Observation>> e : bySize.entrySet()) {
        List<Observation> at = e.getValue();
        if (e.getKey() != c.size()) {
          out.addAll(at);
          continue;
        }
        double m = mean(at);
        int r = at.size();
        int testSize = at.get(0).testSize();
        if (r >= 2) {
          // The deviations widened by sqrt(r / (r - 1)) and one value at the mean: the same mean
          // and sample standard deviation, one more model.
          double k = Math.sqrt(r / (r - 1.0));
          for (Observation o : at) {
            out.add(withValue(o, clamp(m + k * (o.value() - m))));
          }
          out.add(new Observation(c.fraction(), c.size(), c.firstRepeat(), m, testSize));
        } else {
          double s = nearestSpread(bySize, c.size());
          double[] v = spread(m, s, 2);
          out.add(withValue(at.get(0), v[0]));
          out.add(new Observation(c.fraction(), c.size(), c.firstRepeat(), v[1], testSize));
        }
      }
      return out;
    }
    out.addAll(obs);
    FamilyFit chosen = now.chosenFit();
    double m;
    if (chosen != null) {
      m = chosen.predict(c.size());
    } else {
      m =
          mean(
              bySize.floorEntry(c.size()) != null
                  ? bySize.floorEntry(c.size()).getValue()
                  : bySize.firstEntry().getValue());
    }
    double[] v = spread(clamp(m), nearestSpread(bySize, c.size()), c.models());
    int testSize = obs.get(0).testSize();
    for (int j = 0; j < v.length; j++) {
      out.add(new Observation(c.fraction(), c.size(), c.firstRepeat() + j, v[j], testSize));
    }
    return out;
  }

  /** The sample standard deviation at the measured size nearest (in log size) with 2+ repeats. */
  private static double nearestSpread(TreeMap<Integer, List<Observation>> bySize, int size) {
    double best = Double.POSITIVE_INFINITY;
    double s = 0;
    for (Map.Entry<Integer, List<Observation>> e : bySize.entrySet()) {
      if (e.getValue().size() < 2) {
        continue;
      }
      double d = Math.abs(Math.log(e.getKey() / (double) size));
      if (d < best) {
        best = d;
        s = sd(e.getValue());
      }
    }
    return s;
  }

  /**
   * {@code k} values with mean {@code m} and sample standard deviation {@code s}, evenly spaced.
   */
  static double[] spread(double m, double s, int k) {
    double[] v = new double[k];
    if (k == 1) {
      v[0] = m;
      return v;
    }
    double[] z = new double[k];
    double ss = 0;
    for (int j = 0; j < k; j++) {
      z[j] = -1 + 2.0 * j / (k - 1);
      ss += z[j] * z[j];
    }
    double sdz = Math.sqrt(ss / (k - 1));
    for (int j = 0; j < k; j++) {
      v[j] = clamp(m + s * z[j] / sdz);
    }
    return v;
  }

  private CurveFit fit(List<Observation> obs, FitOptions o) {
    ResultsTable.Builder b = ResultsTable.builder("adaptive");
    for (Observation x : obs) {
      b.add(curve, x.size(), x.value(), x.testSize());
    }
    return new LearningCurveFitter(o).fit(b.build()).get(0);
  }

  private static TreeMap<Integer, List<Observation>> bySize(List<Observation> obs) {
    if (obs.isEmpty()) {
      throw new IllegalArgumentException("no models measured yet");
    }
    TreeMap<Integer, List<Observation>> m = new TreeMap<>();
    for (Observation o : obs) {
      m.computeIfAbsent(o.size(), k -> new ArrayList<>()).add(o);
    }
    return m;
  }

  private static Observation withValue(Observation o, double v) {
    return new Observation(o.fraction(), o.size(), o.repeat(), v, o.testSize());
  }

  private static double mean(List<Observation> at) {
    double s = 0;
    for (Observation o : at) {
      s += o.value();
    }
    return s / at.size();
  }

  private static double sd(List<Observation> at) {
    double m = mean(at);
    double ss = 0;
    for (Observation o : at) {
      ss += (o.value() - m) * (o.value() - m);
    }
    return Math.sqrt(ss / (at.size() - 1));
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  /** A fraction with four decimals, as ids and settings write it. */
  static double round4(double f) {
    return Math.round(f * 10_000) / 10_000.0;
  }
}
