package org.samplesize.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
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
 *       families within {@value SelectionRule#LOO_TIE} of it are tied and AICc decides. The
 *       baseline {@code last1} can always be scored, a curve family only when the sizes left
 *       support it; when fewer than two curve families get a score, AICc alone decides among all
 *       fitted families (the baseline would otherwise win by default). {@link CurveFit#rule()} says
 *       which rule decided and {@link CurveFit#looIneligible()} which families could not be scored,
 *       and why.
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
 *       the measured size means ({@link SizeSearch#measuredSizeFor}); so does the answer of a
 *       chosen curve that levels off below a target the means reach, or that sits above it from
 *       size 1 on, with a warning.
 *   <li><b>Point in interval.</b> Every point estimate (answer and family rows, predictions and
 *       targets, any level) lies in its interval: a percentile interval that misses it is extended
 *       to it ({@link Intervals#holdPoint}) and a warning names the rows. An interval whose ends
 *       rest on fewer than {@value Intervals#MIN_TAIL_REPLICATES} replicates each gets a warning
 *       too.
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
  public static final double LOO_TIE = SelectionRule.LOO_TIE;

  /**
   * How many times its own leave-last-size-out error each bootstrap replicate adds (with a random
   * sign) to the selected family's value, per size step beyond the largest size, in the
   * selection-aware interval. Chosen by simulation ({@code AutoIntervalHarness} in the benchmarks
   * module): the smallest of 1, 1.5 and 2 whose 90% interval at 2× covered at least 85% for every
   * simulated truth; docs/method.md has the figures.
   */
  public static final double EXTRAPOLATION_FACTOR = 2.0;

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
    // The unit in the plural, as listeners expect: the console says "1 curve" and "3.4 curves/s".
    progress.stage("fitting curves", curves.size(), "curves");
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      CurveFit[] out =
          pool.submit(
                  () ->
                      IntStream.range(0, curves.size())
                          .parallel()
                          .mapToObj(
                              i -> {
                                CurveFit f =
                                    forCurve(curves.get(i))
                                        .fitCurve(curves.get(i), source, streams[i]);
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

  /**
   * This fitter, or one whose sizes to predict at are distinct for {@code data}: two spellings of
   * one size ({@code 2x} and the number of images it makes) would answer it twice. The first
   * spelling is kept.
   */
  private LearningCurveFitter forCurve(CurveData data) {
    List<SampleSize> distinct = new ArrayList<>();
    java.util.Set<Double> seen = new java.util.HashSet<>();
    for (SampleSize s : options.predict()) {
      if (seen.add(s.resolve(data.largestSize()))) {
        distinct.add(s);
      }
    }
    return distinct.size() == options.predict().size()
        ? this
        : new LearningCurveFitter(options.withPredict(distinct));
  }

  // ---------------------------------------------------------------- one curve

  private CurveFit fitCurve(CurveData data, String source, SplittableRandom stream) {
    ScaledCurve curve = ScaledCurve.of(data, options.weights(), source);
    List<CurveFamily> families = options.effectiveFamilies();
    FamilyFitter fitter = new FamilyFitter(options);
    List<FamilyFitter.PointFit> points = new ArrayList<>();
    for (CurveFamily fam : families) {
      points.add(fitter.fit(fam, curve.x(), curve.scale(), curve.full()));
    }
    // Without repeats at any size every bootstrap replicate is the data itself: its intervals
    // would be the families' disagreement alone, far narrower than the noise. No interval then.
    boolean noRepeats = Intervals.noSizeHasRepeats(data);
    // The default answer is the calibrated mean of the families; the replicates then need not
    // select a family again (the family rows' intervals are the same either way).
    boolean mean = options.automatic() && options.method() == FitMethod.LM;
    // On two sizes only pow2 and log2 fit, both rising without end, and no guard can: the band
    // would show how much two unbounded curves agree, calibrated on curves of four sizes or more.
    // It read 99.9-100.0% at 10x for a curve at 0.71 and 0.80. No interval then either.
    boolean twoSizes = mean && data.sizeCount() < 3;
    int b = noRepeats || twoSizes ? 0 : options.bootstrap();
    Bootstrap boot = Bootstrap.run(fitter, points, curve, b, options.level(), !mean, stream);

    // Intervals that had to be extended to hold their point estimate, named for the warning.
    List<String> extended = new ArrayList<>();
    List<FamilyFit> fits = new ArrayList<>();
    List<FamilyScore> scores = new ArrayList<>();
    Map<String, String> ineligible = new LinkedHashMap<>();
    for (int f = 0; f < families.size(); f++) {
      FamilyFitter.PointFit p = points.get(f);
      FamilyFit fit =
          p.fitted()
              ? fitter.assemble(
                  p.family(),
                  data,
                  curve.x(),
                  curve.scale(),
                  curve.full(),
                  p.params(),
                  p.looError(),
                  boot.params[f],
                  curve.sizes(),
                  boot.means,
                  extended)
              : FamilyFit.skipped(p.family(), options.method(), p.skipped());
      fits.add(fit);
      scores.add(FamilyScore.of(fit));
      if (p.fitted() && p.looWhyNot() != null) {
        ineligible.put(p.family().id(), p.looWhyNot());
      }
    }
    List<SizeSummary> sizes = new ArrayList<>();
    for (int i = 0; i < curve.sizeCount(); i++) {
      sizes.add(data.summary(i));
    }
    Selection selection = SelectionRule.select(scores);
    MeanAnswer meanAnswer =
        mean ? MeanAnswer.of(fits, sizes, AnswerCalibration.DEFAULT, options.level()) : null;
    CurveAnswer answer =
        meanAnswer != null
            ? meanAnswer(meanAnswer, curve, b)
            : SelectionAnswer.answer(
                curve, families, fits, selection, boot, b, options.level(), extended);
    List<String> warnings = new ArrayList<>(answer.warnings());
    if (noRepeats && options.bootstrap() > 0 && selection.family() != null) {
      warnings.addAll(Intervals.repeatWarnings(data));
    }
    warnings.addAll(BelowTheData.warnings(answer.predictions(), answer.targets(), sizes.get(0)));
    warnings.addAll(
        FarBeyondTheData.warnings(
            answer.predictions(), answer.targets(), sizes.get(sizes.size() - 1).size()));
    if (FallingCurve.falls(data)) {
      warnings.add(
          "the metric "
              + FallingCurve.describe(data)
              + ": every family models a curve that rises, so the answer and its target sizes do"
              + " not describe this one; for an error rate or a loss, fit its complement (1 − value)");
    }
    if (FlatCurve.flat(data)) {
      warnings.add(
          "the metric "
              + FlatCurve.describe(data)
              + (data.mean(0) >= 1
                  ? ": every model is perfect on the test set, so it cannot tell them apart;"
                      + " the curve says nothing of what fewer or more examples would do (a test"
                      + " set too small or too easy, or test examples that are also in the training"
                      + " set, give this)"
                  : ": the curve does not rise, so the models gained nothing from more examples and"
                      + " the answer, its target sizes and the values beyond the largest size mean"
                      + " nothing; a learner that never learned gives this (one that answers every"
                      + " example with the same class, a wrong label column, a learning rate far"
                      + " off), and so does a test set too small to tell the models apart"));
    }
    String missed = meanAnswer == null ? null : MissedMeans.warning(meanAnswer, sizes);
    if (missed != null) {
      warnings.add(missed);
    }
    String peak = FallingCurve.peakBeforeTheLargest(data);
    if (peak != null) {
      warnings.add(
          "the metric "
              + peak
              + ", beyond the noise of its repeats: every family models a curve that rises or"
              + " levels off, so the answers beyond the largest size are likely too high; look for"
              + " what gets worse with more examples (a training setting that depends on the size,"
              + " mislabelled examples among the later ones) before relying on them");
    }
    if (twoSizes && meanAnswer != null) {
      // Only the two-parameter families fit two sizes, and none of them levels off: far beyond
      // the largest size they run up to 100%.
      // Two means that do not rise (0.81, then 0.8075) make them fall instead, or stay flat.
      boolean rises = data.mean(1) > data.mean(0);
      warnings.add(
          "only 2 sizes: the families with 3 or more parameters, which level off, need 3 sizes or"
              + " more, and the ones left (such as pow2 and log2) "
              + (rises
                  ? "keep rising, so answers beyond the largest size are likely too high"
                  : "follow the two means without end, here not upwards, so answers beyond the"
                      + " largest size say little")
              + (options.bootstrap() > 0
                  ? ", and no interval is given: two rising curves cannot show how far off they"
                      + " may be"
                  : "")
              + "; measure at least 3 sizes (the recipe uses 4)");
    }
    if (!mean && b > 0 && data.sizeCount() == 2 && selection.family() != null) {
      // Families named (or the recipe's pow2) keep their bootstrap on two sizes: real noise, under
      // the assumption that the family is right, which two sizes cannot check. The default answer
      // gives no interval there (above); say what this one assumes.
      warnings.add(twoSizesNamedWarning(fits, selection.family()));
    }
    if (mean && b > 0 && data.sizeCount() == 3) {
      // The calibrated band is given on three sizes, but nothing calibrated it there: the corpus
      // curves all have four sizes or more, and three leave exp3 the only guard. On tf_flowers'
      // heads at 0.05, 0.1 and 0.25 it read 95.4% (84.4-100.0%) with all 3,303 images, where the
      // default run's four sizes read 91.8%.
      warnings.add(
          "only 3 sizes: the interval's widths were learned on curves of 4 sizes or more, and"
              + " pow4, mmf4 and wbl4 need 4, which leaves exp3 the only guard for a curve that"
              + " levels off; read the intervals as rough and measure a 4th size (the recipe uses"
              + " 4)");
    }
    if (b > 0 && selection.family() != null) {
      warnings.addAll(Intervals.repeatWarnings(data));
      String few = Intervals.fewReplicatesWarning(b, options.level());
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
        selection.family() == null ? null : selection.family().id(),
        selection.reason(),
        selection.rule().id(),
        ineligible,
        answer.predictions(),
        answer.targets(),
        answer.interval(),
        answer.bootstrapChoices(),
        answer.answerInterval(),
        meanAnswer,
        warnings);
  }

  /**
   * The warning for families named on two sizes, whose intervals are given: they assume the
   * family's shape, which two points cannot check, where the default answer gives none.
   *
   * @param fits the family rows, fitted or skipped
   * @param chosen the family that answers
   * @return the warning
   */
  static String twoSizesNamedWarning(List<FamilyFit> fits, CurveFamily chosen) {
    List<String> fitted = new ArrayList<>();
    for (FamilyFit f : fits) {
      if (f.skipped() == null) {
        fitted.add(f.family().id());
      }
    }
    String shape =
        fitted.size() == 1
            ? chosen.id()
            : "one of " + String.join(", ", fitted) + " (" + chosen.id() + " chosen)";
    return "only 2 sizes: the intervals assume the curve has the shape of "
        + shape
        + ", which two sizes cannot check, so they show the noise of the repeats, not how far off"
        + " that shape may be beyond the largest size; the default answer (--family auto) gives no"
        + " interval there; measure at least 3 sizes (the recipe uses 4)";
  }

  private CurveAnswer meanAnswer(MeanAnswer mean, ScaledCurve curve, int b) {
    List<Double> at = new ArrayList<>();
    for (SampleSize s : options.predict()) {
      at.add(s.resolve(curve.scale()));
    }
    List<String> warnings = new ArrayList<>();
    List<TargetEstimate> targets =
        mean.targets(options.targets(), curve.sizes(), curve.full().mean, warnings);
    return new CurveAnswer(
        mean.predictions(at),
        targets,
        b == 0 ? CurveFit.INTERVAL_NONE : CurveFit.INTERVAL_MEAN,
        Map.of(),
        null,
        warnings);
  }
}
