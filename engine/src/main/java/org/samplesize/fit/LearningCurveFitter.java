package org.samplesize.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;

/**
 * Fits learning curves: every family asked for, side by side, with model selection, bootstrap
 * intervals, predictions and inverse predictions (size needed for a target).
 *
 * <ul>
 *   <li><b>Fit.</b> Levenberg-Marquardt over all rows (optionally weighted, see {@link Weighting})
 *       from several starting points per family, asymptotes bounded to [0, 1]; or the recipe's
 *       gradient descent ({@link FitMethod#RECIPE}). A family with more parameters than the curve
 *       has distinct sizes is skipped with that reason.
 *   <li><b>Selection.</b> Each family is refitted without the largest size and scored by the
 *       absolute error of its prediction there (leave-last-size-out). The smallest error wins;
 *       families within {@value #LOO_TIE} of it are tied and AICc decides. The baseline {@code
 *       last1} can always be scored, a curve family only when the sizes left support it; when fewer
 *       than two curve families get a score, AICc alone decides among all fitted families (the
 *       baseline would otherwise win by default). {@link CurveFit#rule()} says which rule decided
 *       and {@link CurveFit#looIneligible()} which families could not be scored, and why.
 *   <li><b>Intervals.</b> Bootstrap over repeats: within each size the repeats are drawn with
 *       replacement (their deviations from the size mean scaled by √(r/(r−1)) so the replicate
 *       means have the sample variance, not the smaller plug-in one) and every family is refitted,
 *       starting from its full-data fit. Percentile intervals at {@link FitOptions#level()}. Each
 *       family's own rows ({@link FamilyFit#predictions()}) get the interval of its own refits,
 *       conditional on that family.
 *   <li><b>The answer's intervals.</b> When a family is selected, the answer ({@link
 *       CurveFit#predictions()}, {@link CurveFit#targets()}) must also carry the uncertainty of the
 *       selection and of extrapolating with a family that may be wrong. Each replicate therefore
 *       also refits the leave-last-size-out fits and selects a family by the same rule (Efron 2014,
 *       "Estimation and accuracy after model selection"); its value is the selected family's, plus
 *       {@value #EXTRAPOLATION_FACTOR} × its own leave-last-size-out error with a random sign per
 *       size step beyond the largest size (steps of at least a doubling, growing for at most three
 *       steps, never below the replicate's own value at the largest size; {@link AnswerInterval}).
 *       The selection alone covered 71–97% in simulations (90% nominal, 4 sizes × 5 repeats): too
 *       little for curves that level off quickly, where every 3-parameter family overshoots alike.
 *       Beyond the largest size the answer's point value is held at the chosen curve's value there,
 *       as every replicate is, so a falling curve's answer does not lie below all of them.
 *   <li><b>Targets.</b> A family's size for a target is where its curve first reaches it. The flat
 *       baseline {@code last1} cannot say where between the sizes that is (its curve would say
 *       "size 1" for every target below its level), so its answers, point and replicates, come from
 *       the measured size means ({@link #measuredSizeFor}); so does the answer of a chosen curve
 *       that levels off below a target the means reach, or that sits above it from size 1 on, with
 *       a warning.
 *   <li><b>Point in interval.</b> Every point estimate (answer and family rows, predictions and
 *       targets, any level) lies in its interval: a percentile interval that misses it is extended
 *       to it ({@link #holdPoint}) and a warning names the rows. An interval whose ends rest on
 *       fewer than {@value #MIN_TAIL_REPLICATES} replicates each gets a warning too.
 * </ul>
 *
 * <p>Randomness: one {@link SplittableRandom} from {@link FitOptions#seed()}; each curve (in input
 * order) splits its own stream, and each bootstrap replicate splits one from the curve's, before
 * any work runs. Curves and replicates then run in parallel on {@link FitOptions#threads()}
 * threads, and the numbers do not depend on the thread count. Thread-safe: instances hold no
 * mutable state.
 */
public final class LearningCurveFitter {

  /** The largest size an inverse prediction searches; beyond it a target counts as unreachable. */
  public static final double MAX_SIZE = 1e9;

  /** Leave-last-size-out errors this close to the best (in metric units) are tied. */
  public static final double LOO_TIE = 0.002;

  /**
   * How many times its own leave-last-size-out error each bootstrap replicate adds (with a random
   * sign) to the selected family's value, per size step beyond the largest size, in the
   * selection-aware interval. Chosen by simulation ({@code AutoIntervalHarness} in the benchmarks
   * module): the smallest of 1, 1.5 and 2 whose 90% interval at 2× covered at least 85% for every
   * simulated truth; README "samplesize fit" has the figures.
   */
  public static final double EXTRAPOLATION_FACTOR = 2.0;

  private static final int GRID_PER_DECADE = 20;

  /**
   * The search grid of {@link #sizeFor}: 10^(i / GRID_PER_DECADE) for i = 0 … 9·GRID_PER_DECADE.
   */
  private static final double[] GRID = new double[9 * GRID_PER_DECADE + 1];

  static {
    for (int i = 0; i < GRID.length; i++) {
      GRID[i] = Math.pow(10, (double) i / GRID_PER_DECADE);
    }
  }

  private final FitOptions options;

  /**
   * @param options the settings
   */
  public LearningCurveFitter(FitOptions options) {
    this.options = java.util.Objects.requireNonNull(options, "options");
  }

  /**
   * @return the settings
   */
  public FitOptions options() {
    return options;
  }

  /**
   * Fits every curve of the table.
   *
   * @param table the results
   * @return one fit per curve, in the table's order
   * @throws InvalidInputException when the weights need data the table lacks
   */
  public List<CurveFit> fit(ResultsTable table) {
    return fit(table.curves(), table.source(), ProgressListener.NONE);
  }

  /**
   * Fits every curve of the table, reporting one unit of progress per curve.
   *
   * @param table the results
   * @param progress told about each finished curve (from worker threads)
   * @return one fit per curve, in the table's order
   * @throws InvalidInputException when the weights need data the table lacks
   */
  public List<CurveFit> fit(ResultsTable table, ProgressListener progress) {
    return fit(table.curves(), table.source(), progress);
  }

  /**
   * Fits one curve, with the random stream the first curve of a table would get.
   *
   * @param curve the observations
   * @return the fit
   */
  public CurveFit fit(CurveData curve) {
    return fit(List.of(curve), curve.name(), ProgressListener.NONE).get(0);
  }

  private List<CurveFit> fit(List<CurveData> curves, String source, ProgressListener progress) {
    SplittableRandom root = new SplittableRandom(options.seed());
    SplittableRandom[] streams = new SplittableRandom[curves.size()];
    for (int i = 0; i < streams.length; i++) {
      streams[i] = root.split();
    }
    int threads = org.samplesize.ThreadCount.resolve(options.threads());
    progress.stage("fitting curves", curves.size(), curves.size() == 1 ? "curve" : "curves");
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      CurveFit[] out =
          pool.submit(
                  () ->
                      IntStream.range(0, curves.size())
                          .parallel()
                          .mapToObj(
                              i -> {
                                CurveFit f = fitCurve(curves.get(i), source, streams[i]);
                                progress.advance(1);
                                return f;
                              })
                          .toArray(CurveFit[]::new))
              .get();
      progress.endStage();
      return List.of(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SamplesizeException("curve fitting was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new SamplesizeException("curve fitting failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  // ---------------------------------------------------------------- one curve

  private CurveFit fitCurve(CurveData data, String source, SplittableRandom stream) {
    int m = data.sizeCount();
    double scale = data.largestSize();
    double[] x = new double[m];
    for (int i = 0; i < m; i++) {
      x[i] = data.size(i) / scale;
    }
    double[][] values = data.valuesView();
    double[][] weights = weights(data, source);
    SizeStats full = SizeStats.of(values, weights);

    List<CurveFamily> families = options.effectiveFamilies();
    FitMethod method = options.method();
    int nf = families.size();
    double[][] point = new double[nf][];
    String[] skipped = new String[nf];
    double[] loo = new double[nf];
    double[][] looParams = new double[nf][];
    String[] looWhyNot = new String[nf];
    for (int f = 0; f < nf; f++) {
      CurveFamily fam = families.get(f);
      int k = fam.parameterCount();
      if (m < k) {
        skipped[f] =
            String.format(
                Locale.ROOT,
                "needs at least %d distinct sizes for its %d parameters; the curve has %d",
                k,
                k,
                m);
        continue;
      }
      point[f] = fitOne(fam, x, scale, full, null);
      if (point[f] == null) {
        skipped[f] = "did not converge from any starting point";
        continue;
      }
      looWhyNot[f] = looIneligible(fam, m);
      loo[f] = Double.NaN;
      if (looWhyNot[f] == null) {
        looParams[f] = looFit(fam, x, scale, full, null);
        if (looParams[f] == null) {
          looWhyNot[f] = "did not converge without the largest size";
        } else {
          loo[f] = Math.abs(fam.value(x[m - 1], looParams[f]) - full.mean[m - 1]);
        }
      }
    }

    // Bootstrap: one stream per replicate, split in order before the parallel loop.
    int b = options.bootstrap();
    SplittableRandom[] reps = new SplittableRandom[b];
    for (int r = 0; r < b; r++) {
      reps[r] = stream.split();
    }
    double[][][] boot = new double[nf][b][];
    double[] spread = new double[m];
    for (int i = 0; i < m; i++) {
      spread[i] = spread(values[i].length, options.level());
    }
    int fittedCount = 0;
    for (double[] p : point) {
      fittedCount += p == null ? 0 : 1;
    }
    // With more than one family fitted the rule selects one; then every replicate selects again.
    boolean selecting = fittedCount > 1;
    int[] selected = new int[b];
    double[] shift = new double[b];
    // Each replicate's size means: the baseline's targets are found among them.
    double[][] repMeans = new double[b][];
    IntStream.range(0, b)
        .parallel()
        .forEach(
            r -> {
              SizeStats rep = full.resample(values, weights, reps[r], spread);
              repMeans[r] = rep.mean;
              double sign = reps[r].nextBoolean() ? 1 : -1;
              double[] repAicc = new double[nf];
              double[] repLoo = new double[nf];
              boolean[] repFitted = new boolean[nf];
              for (int f = 0; f < nf; f++) {
                repLoo[f] = Double.NaN;
                if (point[f] == null) {
                  continue;
                }
                CurveFamily fam = families.get(f);
                boot[f][r] = fitOne(fam, x, scale, rep, point[f]);
                if (!selecting || boot[f][r] == null) {
                  continue;
                }
                repFitted[f] = true;
                repAicc[f] = aicc(fam, x, rep, boot[f][r]);
                if (looParams[f] != null) {
                  double[] lp = looFit(fam, x, scale, rep, looParams[f]);
                  if (lp != null) {
                    repLoo[f] = Math.abs(fam.value(x[m - 1], lp) - rep.mean[m - 1]);
                  }
                }
              }
              if (selecting) {
                int f = select(families, repFitted, repAicc, repLoo)[0];
                selected[r] = f;
                shift[r] =
                    f < 0 || Double.isNaN(repLoo[f]) ? 0 : sign * EXTRAPOLATION_FACTOR * repLoo[f];
              }
            });

    double[] measured = new double[m];
    for (int i = 0; i < m; i++) {
      measured[i] = data.size(i);
    }
    // Intervals that had to be extended to hold their point estimate, named for the warning.
    List<String> extended = new ArrayList<>();
    List<FamilyFit> fits = new ArrayList<>();
    for (int f = 0; f < nf; f++) {
      CurveFamily fam = families.get(f);
      if (point[f] == null) {
        fits.add(FamilyFit.skipped(fam, method, skipped[f]));
        continue;
      }
      fits.add(
          assemble(
              fam, data, x, scale, full, point[f], loo[f], boot[f], measured, repMeans, extended));
    }
    List<SizeSummary> sizes = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      sizes.add(new SizeSummary(data.size(i), values[i].length, data.mean(i), data.std(i)));
    }
    Map<String, String> ineligible = new LinkedHashMap<>();
    for (int f = 0; f < nf; f++) {
      if (point[f] != null && looWhyNot[f] != null) {
        ineligible.put(families.get(f).id(), looWhyNot[f]);
      }
    }
    String[] choice = choose(fits);
    FamilyFit chosen = null;
    for (FamilyFit f : fits) {
      if (f.family().id().equals(choice[0])) {
        chosen = f;
      }
    }
    List<Prediction> predictions = chosen == null ? List.of() : chosen.predictions();
    List<TargetEstimate> targets = chosen == null ? List.of() : chosen.targets();
    Map<String, Integer> choices = new LinkedHashMap<>();
    String interval = b == 0 ? CurveFit.INTERVAL_NONE : CurveFit.INTERVAL_CONDITIONAL;
    AnswerInterval answer = null;
    List<String> warnings = new ArrayList<>();
    if (chosen != null) {
      targets = measuredWhereTheCurveFallsShort(chosen, targets, measured, full.mean, warnings);
    }
    if (chosen != null && selecting && b > 0) {
      CurveFamily[] selFamily = new CurveFamily[b];
      double[][] selParams = new double[b][];
      int[] count = new int[nf];
      boolean anyMargin = false;
      int selectedCount = 0;
      int withoutMargin = 0;
      for (int r = 0; r < b; r++) {
        int f = selected[r];
        if (f >= 0) {
          count[f]++;
          selFamily[r] = families.get(f);
          selParams[r] = boot[f][r];
          anyMargin |= shift[r] != 0;
          selectedCount++;
          withoutMargin += shift[r] == 0 ? 1 : 0;
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
              shift,
              scale,
              Math.max(Math.log(x[m - 1] / x[m - 2]), Math.log(2)),
              options.level(),
              measured,
              repMeans);
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
        double[] iv = holdPoint(v, answer.interval(p.n()));
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
            holdPoint(
                t.reachable() ? t.n() : Double.POSITIVE_INFINITY,
                answer.sizeInterval(t.accuracy()));
        if (iv[2] != 0) {
          extended.add("the answer for " + trim(t.accuracy()));
        }
        answeredTargets.add(
            new TargetEstimate(t.accuracy(), t.n(), iv[0], iv[1], t.reachable(), t.levelsOffAt()));
      }
      targets = answeredTargets;
      interval = CurveFit.INTERVAL_SELECTION;
      if (!anyMargin || CurveFit.RULE_AICC.equals(choice[2])) {
        warnings.add(
            "fewer than two curve families could be scored leaving the largest size out, so the"
                + " interval holds little or no extrapolation-error margin and is too narrow beyond"
                + " the largest size; add sizes");
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
    if (b > 0 && chosen != null) {
      warnings.addAll(repeatWarnings(data));
      String few = fewReplicatesWarning(b, options.level());
      if (few != null) {
        warnings.add(few);
      }
      if (!extended.isEmpty()) {
        warnings.add(
            "the bootstrap percentile interval did not hold the point estimate for "
                + String.join(", ", extended)
                + "; each was extended to reach it (the replicates centre away from the fit:"
                + " a skewed or biased bootstrap, too few replicates, or a very low --level)");
      }
    }
    return new CurveFit(
        data.name(),
        sizes,
        data.rowCount(),
        fits,
        choice[0],
        choice[1],
        choice[2],
        ineligible,
        predictions,
        targets,
        interval,
        choices,
        answer,
        warnings);
  }

  /**
   * Warnings about sizes without repeats: the bootstrap draws repeats within each size, so a size
   * with one row is the same in every replicate and its noise cannot enter the intervals.
   */
  static List<String> repeatWarnings(CurveData data) {
    int m = data.sizeCount();
    List<String> single = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      if (data.valuesView()[i].length < 2) {
        single.add(CurveData.formatSize(data.size(i)));
      }
    }
    if (single.size() == m) {
      return List.of(
          "no size has repeats (one row per size): the bootstrap resamples repeats within each"
              + " size, so the intervals cannot reflect the noise of the accuracies; train several"
              + " models (repeats) per size");
    }
    if (!single.isEmpty()) {
      return List.of(
          "size"
              + (single.size() == 1 ? " " : "s ")
              + String.join(", ", single)
              + (single.size() == 1 ? " has" : " have")
              + " one row: the bootstrap cannot vary "
              + (single.size() == 1 ? "it" : "them")
              + ", so the intervals understate the noise there; add repeats");
    }
    return List.of();
  }

  /**
   * Fits one family to size statistics: the last mean for last1, the recipe's descent for the
   * recipe method, else Levenberg-Marquardt from {@code warm} (a bootstrap replicate) or from every
   * starting point of the family, falling back to them when the warm start fails.
   */
  private double[] fitOne(CurveFamily fam, double[] x, double scale, SizeStats s, double[] warm) {
    int m = x.length;
    if (fam == CurveFamily.LAST1) {
      return new double[] {s.mean[m - 1]};
    }
    if (options.method() == FitMethod.RECIPE) {
      // The recipe works on natural sizes; a·n^b = (a·scale^b)·x^b expresses it in x = n / scale.
      double[] n = new double[m];
      for (int i = 0; i < m; i++) {
        n[i] = x[i] * scale;
      }
      float[] ab = RecipeGradientDescent.fit(n, s.mean);
      return new double[] {ab[0] * Math.pow(scale, ab[1]), ab[1]};
    }
    if (warm != null) {
      double[] p = LeastSquares.fit(fam, x, s.yw, s.sw, fam.theta(warm), true);
      if (p != null) {
        return p;
      }
    }
    return LeastSquares.fitBest(fam, x, s.yw, s.sw);
  }

  /**
   * Why a fitted family cannot get a leave-last-size-out score on a curve with {@code m} sizes, or
   * null when it can: without the largest size a family needs as many sizes as parameters, and a
   * curve (anything but the baseline) at least two sizes.
   */
  static String looIneligible(CurveFamily fam, int m) {
    int need = Math.max(fam.parameterCount(), fam == CurveFamily.LAST1 ? 1 : 2);
    if (m - 1 < need) {
      return String.format(
          Locale.ROOT,
          "needs %d sizes besides the largest for its %d parameter%s; the curve has %d",
          need,
          fam.parameterCount(),
          fam.parameterCount() == 1 ? "" : "s",
          m - 1);
    }
    return null;
  }

  /** The fit without the largest size (from {@code warm} when given), null when it fails. */
  private double[] looFit(CurveFamily fam, double[] x, double scale, SizeStats s, double[] warm) {
    int m = x.length;
    return fitOne(fam, Arrays.copyOf(x, m - 1), scale, s.head(m - 1), warm);
  }

  /**
   * Corrected Akaike information criterion of a (weighted) least-squares fit over all rows, the
   * noise variance counted as a parameter (k + 1); NaN when the rows are too few for it.
   */
  private static double aicc(CurveFamily fam, double[] x, SizeStats s, double[] p) {
    int n = s.rows;
    int k = fam.parameterCount() + 1;
    double wsse = LeastSquares.cost(fam, x, s.yw, s.sw, p) + s.within;
    return n - k - 1 > 0
        ? n * Math.log(Math.max(wsse, 1e-300) / n) + 2.0 * k + 2.0 * k * (k + 1) / (n - k - 1)
        : Double.NaN;
  }

  private FamilyFit assemble(
      CurveFamily fam,
      CurveData data,
      double[] x,
      double scale,
      SizeStats full,
      double[] p,
      double loo,
      double[][] boot,
      double[] sizes,
      double[][] repMeans,
      List<String> extended) {
    int m = x.length;
    double[][] values = data.valuesView();
    double sse = 0;
    double mse = 0;
    double mae = 0;
    for (int i = 0; i < m; i++) {
      double fi = fam.value(x[i], p);
      for (double v : values[i]) {
        sse += (v - fi) * (v - fi);
      }
      double d = full.mean[i] - fi;
      mse += d * d;
      mae += Math.abs(d);
    }
    mse /= m;
    mae /= m;
    // The Gaussian likelihood behind least squares also estimates the noise variance: k + 1.
    double aicc = aicc(fam, x, full, p);
    int failures = 0;
    for (double[] r : boot) {
      if (r == null) {
        failures++;
      }
    }
    boolean withBoot = boot.length > 0 && failures < boot.length;
    double level = options.level();
    List<Prediction> preds = new ArrayList<>();
    for (SampleSize s : options.predict()) {
      double nn = s.resolve(data.largestSize());
      double v = FamilyFit.clampToUnit(fam.value(nn / scale, p));
      double[] iv = {Double.NaN, Double.NaN};
      if (withBoot) {
        double[] reps = new double[boot.length];
        for (int r = 0; r < boot.length; r++) {
          reps[r] =
              boot[r] == null ? Double.NaN : FamilyFit.clampToUnit(fam.value(nn / scale, boot[r]));
        }
        iv = holdPoint(v, Percentiles.interval(reps, level));
        if (iv[2] != 0) {
          extended.add(fam.id() + " at " + CurveData.formatSize(nn));
        }
      }
      preds.add(new Prediction(nn, v, iv[0], iv[1]));
    }
    boolean baseline = fam == CurveFamily.LAST1;
    List<TargetEstimate> targets = new ArrayList<>();
    for (double t : options.targets()) {
      // The baseline is flat: it cannot say where between the sizes a target below its level is
      // met (its curve would say "size 1"), so its answer comes from the measured means.
      double need = baseline ? measuredSizeFor(sizes, full.mean, t) : sizeFor(fam, p, scale, t);
      double[] iv = {Double.NaN, Double.NaN};
      if (withBoot) {
        double[] reps = new double[boot.length];
        for (int r = 0; r < boot.length; r++) {
          reps[r] =
              boot[r] == null
                  ? Double.NaN
                  : baseline
                      ? measuredSizeFor(sizes, repMeans[r], t)
                      : sizeFor(fam, boot[r], scale, t);
        }
        iv = Percentiles.interval(reps, level);
        iv = holdPoint(need, new double[] {Math.ceil(iv[0]), Math.ceil(iv[1])});
        if (iv[2] != 0) {
          extended.add(fam.id() + " for " + trim(t));
        }
      }
      if (Double.isInfinite(need)) {
        targets.add(
            new TargetEstimate(t, Double.NaN, iv[0], iv[1], false, levelsOff(fam, p, scale, t)));
      } else {
        targets.add(new TargetEstimate(t, need, iv[0], iv[1], true, Double.NaN));
      }
    }
    double[][] kept = withBoot ? boot : new double[0][];
    return new FamilyFit(
        fam,
        options.method(),
        p,
        scale,
        sse,
        mse,
        mae,
        aicc,
        loo,
        preds,
        targets,
        kept,
        withBoot ? failures : 0,
        level);
  }

  /**
   * The size at which the measured means first reach {@code target}, interpolated linearly in the
   * log of the size between the last size below the target and the first at or above it (learning
   * curves are close to straight in log size), rounded up to a whole size: the smallest measured
   * size when its mean already reaches the target (the data say nothing about smaller sets);
   * +infinity when no mean reaches it. It answers for the baseline {@code last1}, which is flat and
   * would otherwise put every target below its level at size 1, and for a chosen curve that levels
   * off below a target that the data reach.
   *
   * @param sizes the measured sizes, ascending
   * @param means the mean at each size
   * @param target the accuracy
   * @return the size, within [sizes[0], sizes[m-1]], or +infinity
   */
  static double measuredSizeFor(double[] sizes, double[] means, double target) {
    if (means[0] >= target) {
      return sizes[0];
    }
    for (int i = 1; i < sizes.length; i++) {
      if (means[i] >= target) {
        double frac = (target - means[i - 1]) / (means[i] - means[i - 1]);
        double n = sizes[i - 1] * Math.pow(sizes[i] / sizes[i - 1], frac);
        return Math.min(sizes[i], Math.max(sizes[i - 1], Math.ceil(n - 1e-9)));
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /**
   * The interval extended, when it must be, to hold its point estimate: {lo, hi, 1 when extended
   * else 0}. A percentile interval can miss the fit's own value when the replicates centre away
   * from it (a skewed or biased bootstrap, very few replicates, or a level so low that the interval
   * shrinks to the replicates' median); an interval that excludes the point estimate reads as a
   * contradiction, and moving the point would change the estimate. Extending the nearer end to the
   * point only widens the interval, so its coverage can only grow; the caller warns. An unreachable
   * target's point is +infinity, so its interval then reaches "unbounded". Intervals that are not
   * there (NaN, bootstrap off or every replicate failed) and points that are not numbers stay as
   * they are.
   *
   * @param point the point estimate (+infinity for a target not reached)
   * @param iv {lo, hi}
   * @return {lo, hi, extended}
   */
  static double[] holdPoint(double point, double[] iv) {
    double lo = iv[0];
    double hi = iv[1];
    if (Double.isNaN(point) || Double.isNaN(lo) || Double.isNaN(hi)) {
      return new double[] {lo, hi, 0};
    }
    if (point < lo) {
      return new double[] {point, hi, 1};
    }
    if (point > hi) {
      return new double[] {lo, point, 1};
    }
    return new double[] {lo, hi, 0};
  }

  /**
   * The warning for intervals whose ends rest on few replicates: fewer than {@value
   * #MIN_TAIL_REPLICATES} beyond each end at the level asked (e.g. {@code --bootstrap 1}, or 50 at
   * 90%); null when there are enough.
   */
  static String fewReplicatesWarning(int b, double level) {
    double tail = b * (1 - level) / 2;
    if (tail + 1e-9 >= MIN_TAIL_REPLICATES) { // 100 at 90% is 4.999… in floating point
      return null;
    }
    long need = (long) Math.ceil(2 * MIN_TAIL_REPLICATES / (1 - level));
    return String.format(
        Locale.ROOT,
        "only %d bootstrap replicate%s: each end of the %s%% interval rests on %s, so the"
            + " interval is rough and may be far too narrow; use --bootstrap %d or more",
        b,
        b == 1 ? "" : "s",
        trim(100 * level),
        tail < 1 ? "less than one replicate" : String.format(Locale.ROOT, "%.1f replicates", tail),
        Math.max(need, FitOptions.DEFAULT_BOOTSTRAP));
  }

  /** Replicates beyond each end of the interval below which {@link #fewReplicatesWarning} warns. */
  static final double MIN_TAIL_REPLICATES = 5;

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
          t.reachable() && !fromOne ? Double.NaN : measuredSizeFor(sizes, means, t.accuracy());
      if (Double.isNaN(measured) || Double.isInfinite(measured)) {
        out.add(t);
        continue;
      }
      double[] iv = holdPoint(measured, new double[] {t.lo(), t.hi()});
      out.add(new TargetEstimate(t.accuracy(), measured, iv[0], iv[1], true, Double.NaN));
      String why =
          fromOne
              ? String.format(
                  Locale.ROOT,
                  "is at or above %s from size 1 on, so it does not say where %s is reached",
                  trim(t.accuracy()),
                  trim(t.accuracy()))
              : String.format(
                  Locale.ROOT, "levels off at %.4f, below %s", t.levelsOffAt(), trim(t.accuracy()));
      warnings.add(
          String.format(
              Locale.ROOT,
              "the chosen curve (%s) %s; the measured means reach it, so the answer for %s"
                  + " interpolates them instead",
              chosen.family().id(),
              why,
              trim(t.accuracy())));
    }
    return out;
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.6f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /**
   * The smallest size (rounded up) at which the curve reaches {@code target}, searching a log grid
   * from 1 to {@link #MAX_SIZE} and bisecting the first crossing; +infinity when it never does.
   */
  static double sizeFor(CurveFamily fam, double[] p, double scale, double target) {
    return sizeFor(n -> fam.value(n / scale, p), target);
  }

  /** {@link #sizeFor(CurveFamily, double[], double, double)} for any curve of the size. */
  static double sizeFor(DoubleUnaryOperator curve, double target) {
    double prev = 0;
    for (int i = 0; i < GRID.length; i++) {
      double logN = (double) i / GRID_PER_DECADE;
      double v = curve.applyAsDouble(GRID[i]);
      if (v >= target) {
        if (i == 0) {
          return 1;
        }
        double lo = prev;
        double hi = logN;
        for (int it = 0; it < 60; it++) {
          double mid = 0.5 * (lo + hi);
          if (mid <= lo || mid >= hi) {
            // mid is lo or hi (adjacent doubles): the curve is below the target at lo and reaches
            // it at hi, so this and every further step would leave both as they are
            break;
          }
          if (curve.applyAsDouble(Math.pow(10, mid)) >= target) {
            hi = mid;
          } else {
            lo = mid;
          }
        }
        return Math.ceil(Math.pow(10, hi) - 1e-9);
      }
      prev = logN;
    }
    return Double.POSITIVE_INFINITY;
  }

  /**
   * The highest value an unreachable curve gets to: its asymptote when that is finite and below the
   * target, else the largest value on the search grid up to {@link #MAX_SIZE}.
   */
  static double levelsOff(CurveFamily fam, double[] p, double scale, double target) {
    double max = Double.NEGATIVE_INFINITY;
    for (double n : GRID) {
      max = Math.max(max, fam.value(n / scale, p));
    }
    double asym = fam.asymptote(p);
    return Double.isFinite(asym) && asym < target ? Math.max(asym, max) : max;
  }

  /**
   * How much a bootstrap replicate widens the deviations of {@code r} repeats from their mean:
   * √(r/(r−1)) gives the replicate means the sample variance instead of the smaller plug-in one,
   * and t(r−1)/z at the interval's level accounts for that variance being estimated from r − 1
   * degrees of freedom (a percentile bootstrap otherwise treats it as known). Without the second
   * factor the 90% interval covered about 83% in the simulations of IntervalCoverageTest (4 sizes,
   * 5 repeats); with it about 92%. 1 for a single repeat.
   */
  static double spread(int r, double level) {
    if (r < 2) {
      return 1;
    }
    double q = 1 - (1 - level) / 2;
    double t = new TDistribution(null, r - 1.0).inverseCumulativeProbability(q);
    double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(q);
    return Math.sqrt(r / (r - 1.0)) * t / z;
  }

  /**
   * The selection rule on plain numbers, so that the full data and every bootstrap replicate are
   * judged alike: {index of the chosen family or -1, rule code} where the code indexes {@link
   * #RULES}.
   *
   * @param fams the families
   * @param fitted which were fitted
   * @param aicc their AICc (NaN = none)
   * @param loo their absolute leave-last-size-out errors (NaN = not scored)
   */
  static int[] select(List<CurveFamily> fams, boolean[] fitted, double[] aicc, double[] loo) {
    int nf = fams.size();
    int count = 0;
    int only = -1;
    for (int f = 0; f < nf; f++) {
      if (fitted[f]) {
        count++;
        only = f;
      }
    }
    if (count == 0) {
      return new int[] {-1, 4};
    }
    if (count == 1) {
      return new int[] {only, 3};
    }
    int curvesScored = 0;
    double bestLoo = Double.POSITIVE_INFINITY;
    for (int f = 0; f < nf; f++) {
      if (fitted[f] && !Double.isNaN(loo[f])) {
        bestLoo = Math.min(bestLoo, loo[f]);
        if (fams.get(f) != CurveFamily.LAST1) {
          curvesScored++;
        }
      }
    }
    boolean[] pool = new boolean[nf];
    int tied = 0;
    for (int f = 0; f < nf; f++) {
      // With fewer than two curves scored, the leave-last-size-out contest would be the baseline
      // (always scorable) against at most one curve: the baseline would win by default.
      pool[f] =
          fitted[f] && (curvesScored < 2 || !Double.isNaN(loo[f]) && loo[f] <= bestLoo + LOO_TIE);
      tied += pool[f] ? 1 : 0;
    }
    int best = -1;
    for (int f = 0; f < nf; f++) {
      if (!pool[f]) {
        continue;
      }
      if (best < 0) {
        best = f;
        continue;
      }
      double a = Double.isNaN(aicc[f]) ? Double.POSITIVE_INFINITY : aicc[f];
      double c = Double.isNaN(aicc[best]) ? Double.POSITIVE_INFINITY : aicc[best];
      if (a < c || a == c && loo[f] < loo[best]) {
        best = f;
      }
    }
    return new int[] {best, curvesScored < 2 ? 2 : tied > 1 ? 1 : 0};
  }

  /** The rule codes of {@link #select}. */
  static final String[] RULES = {
    CurveFit.RULE_LLSO,
    CurveFit.RULE_LLSO_AICC,
    CurveFit.RULE_AICC,
    CurveFit.RULE_ONLY,
    CurveFit.RULE_NONE
  };

  /** Picks the family: {chosen id, how in words, rule id (see {@link CurveFit#rule()})}. */
  private String[] choose(List<FamilyFit> fits) {
    int nf = fits.size();
    List<CurveFamily> fams = new ArrayList<>();
    boolean[] fitted = new boolean[nf];
    double[] aicc = new double[nf];
    double[] loo = new double[nf];
    for (int f = 0; f < nf; f++) {
      FamilyFit ff = fits.get(f);
      fams.add(ff.family());
      fitted[f] = ff.fitted();
      aicc[f] = ff.aicc();
      loo[f] = ff.looError();
    }
    int[] sel = select(fams, fitted, aicc, loo);
    String rule = RULES[sel[1]];
    if (sel[0] < 0) {
      return new String[] {null, "no family could be fitted", rule};
    }
    FamilyFit best = fits.get(sel[0]);
    String id = best.family().id();
    return switch (rule) {
      case CurveFit.RULE_ONLY ->
          new String[] {
            id, nf == 1 ? "the only family asked for" : "the only family that could be fitted", rule
          };
      case CurveFit.RULE_AICC -> {
        long curvesScored =
            fits.stream()
                .filter(
                    f ->
                        f.fitted()
                            && !Double.isNaN(f.looError())
                            && f.family() != CurveFamily.LAST1)
                .count();
        yield new String[] {
          id,
          String.format(
              Locale.ROOT,
              "smallest AICc (%s leaving the largest size out)",
              curvesScored == 0
                  ? "no curve family could be scored"
                  : "only "
                      + curvesScored
                      + " curve famil"
                      + (curvesScored == 1 ? "y" : "ies")
                      + " could be scored"),
          rule
        };
      }
      case CurveFit.RULE_LLSO_AICC -> {
        double bestLoo = Double.POSITIVE_INFINITY;
        for (int f = 0; f < nf; f++) {
          if (fitted[f] && !Double.isNaN(loo[f])) {
            bestLoo = Math.min(bestLoo, loo[f]);
          }
        }
        int tied = 0;
        for (int f = 0; f < nf; f++) {
          if (fitted[f] && !Double.isNaN(loo[f]) && loo[f] <= bestLoo + LOO_TIE) {
            tied++;
          }
        }
        yield new String[] {
          id,
          String.format(
              Locale.ROOT,
              "smallest AICc among %d families within %.3g of the best leave-last-size-out"
                  + " error (%.4g)",
              tied,
              LOO_TIE,
              bestLoo),
          rule
        };
      }
      default ->
          new String[] {
            id,
            String.format(
                Locale.ROOT, "smallest leave-last-size-out error (%.4g)", best.looError()),
            rule
          };
    };
  }

  // ---------------------------------------------------------------- weights and statistics

  private double[][] weights(CurveData data, String source) {
    double[][] values = data.valuesView();
    int m = values.length;
    double[][] w = new double[m][];
    switch (options.weights()) {
      case NONE -> {
        for (int i = 0; i < m; i++) {
          w[i] = new double[values[i].length];
          Arrays.fill(w[i], 1.0);
        }
      }
      case REPEAT_VARIANCE -> {
        double[] var = new double[m];
        double pooled = 0;
        int withRepeats = 0;
        for (int i = 0; i < m; i++) {
          int r = values[i].length;
          var[i] = Double.NaN;
          if (r >= 2) {
            double mean = data.mean(i);
            double s = 0;
            for (double v : values[i]) {
              s += (v - mean) * (v - mean);
            }
            var[i] = s / (r - 1);
            pooled += var[i];
            withRepeats++;
          }
        }
        if (withRepeats == 0) {
          throw new InvalidInputException(
              source
                  + ": --weights repeat-variance needs repeats (rows with the same size), but curve '"
                  + data.name()
                  + "' has one row per size; use --weights none");
        }
        pooled /= withRepeats;
        for (int i = 0; i < m; i++) {
          double v = Double.isNaN(var[i]) ? pooled : Math.max(var[i], pooled / 10);
          w[i] = new double[values[i].length];
          Arrays.fill(w[i], pooled > 0 ? 1 / v : 1.0);
        }
      }
      case BINOMIAL -> {
        int[][] t = data.testSizesView();
        for (int i = 0; i < m; i++) {
          double p = Math.min(0.999, Math.max(0.001, data.mean(i)));
          w[i] = new double[values[i].length];
          for (int j = 0; j < w[i].length; j++) {
            if (t[i][j] <= 0) {
              throw new InvalidInputException(
                  source
                      + ": --weights binomial needs the test-set size of every row (column"
                      + " 'test_size'), but curve '"
                      + data.name()
                      + "' at size "
                      + CurveData.formatSize(data.size(i))
                      + " has none; add the column or use --weights none");
            }
            w[i][j] = t[i][j] / (p * (1 - p));
          }
        }
      }
      default -> throw new IllegalStateException("unknown weighting " + options.weights());
    }
    // Scale to mean 1: the fit is unchanged, the numbers stay of order one.
    double sum = 0;
    int n = 0;
    for (double[] row : w) {
      for (double v : row) {
        sum += v;
        n++;
      }
    }
    double mean = sum / n;
    for (double[] row : w) {
      for (int j = 0; j < row.length; j++) {
        row[j] /= mean;
      }
    }
    return w;
  }

  /** Size-level sufficient statistics of the (weighted) rows. */
  static final class SizeStats {
    final double[] sw; // √(Σ w) per size
    final double[] yw; // weighted mean per size
    final double[] mean; // plain mean per size
    final double within; // Σ w·(y − ȳ_w)², the part of the weighted SSE no curve can remove
    final int rows;

    private SizeStats(double[] sw, double[] yw, double[] mean, double within, int rows) {
      this.sw = sw;
      this.yw = yw;
      this.mean = mean;
      this.within = within;
      this.rows = rows;
    }

    static SizeStats of(double[][] y, double[][] w) {
      int m = y.length;
      double[] sw = new double[m];
      double[] yw = new double[m];
      double[] mean = new double[m];
      double within = 0;
      int rows = 0;
      for (int i = 0; i < m; i++) {
        double sumW = 0;
        double sumWy = 0;
        double sum = 0;
        for (int j = 0; j < y[i].length; j++) {
          sumW += w[i][j];
          sumWy += w[i][j] * y[i][j];
          sum += y[i][j];
        }
        yw[i] = sumWy / sumW;
        sw[i] = Math.sqrt(sumW);
        mean[i] = sum / y[i].length;
        for (int j = 0; j < y[i].length; j++) {
          within += w[i][j] * (y[i][j] - yw[i]) * (y[i][j] - yw[i]);
        }
        rows += y[i].length;
      }
      return new SizeStats(sw, yw, mean, within, rows);
    }

    /** The first {@code m} sizes. */
    SizeStats head(int m) {
      return new SizeStats(
          Arrays.copyOf(sw, m), Arrays.copyOf(yw, m), Arrays.copyOf(mean, m), 0, rows);
    }

    /**
     * A bootstrap replicate: within each size draw the repeats with replacement (row and weight
     * together), scaling deviations from the size mean by {@code spread[size]}.
     */
    SizeStats resample(double[][] y, double[][] w, SplittableRandom rng, double[] spread) {
      int m = y.length;
      double[][] ry = new double[m][];
      double[][] rw = new double[m][];
      for (int i = 0; i < m; i++) {
        int r = y[i].length;
        double inflate = spread[i];
        ry[i] = new double[r];
        rw[i] = new double[r];
        for (int j = 0; j < r; j++) {
          int pick = rng.nextInt(r);
          ry[i][j] = mean[i] + inflate * (y[i][pick] - mean[i]);
          rw[i][j] = w[i][pick];
        }
      }
      return of(ry, rw);
    }
  }
}
