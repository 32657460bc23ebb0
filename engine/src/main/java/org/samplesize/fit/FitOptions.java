package org.samplesize.fit;

import java.util.List;
import org.samplesize.InvalidInputException;
import org.samplesize.ThreadCount;

/**
 * Settings of {@link LearningCurveFitter}, immutable and validated. Start from {@link #defaults()}
 * and change with the {@code withX} copies.
 *
 * @param families the families to fit; empty means all of them with automatic selection ({@code
 *     --family auto}, the default)
 * @param method least squares ({@link FitMethod#LM}, default) or the recipe's gradient descent
 * @param weights row weights for least squares (default {@link Weighting#NONE}); must be NONE with
 *     the recipe method
 * @param bootstrap number of bootstrap replicates for the intervals, 0 = no intervals (default
 *     1000), at most {@link #MAX_BOOTSTRAP}
 * @param seed root seed of the bootstrap (default 42); same seed, same numbers, whatever the thread
 *     count
 * @param predict sizes to predict the accuracy at (default {@code 2x})
 * @param targets accuracies to find the needed size for (default none)
 * @param level two-sided interval level in (0, 1) (default 0.90: 5th to 95th percentile)
 * @param threads worker threads, 0 = all available processors (default 0), at most {@link
 *     ThreadCount#MAX}
 */
public record FitOptions(
    List<CurveFamily> families,
    FitMethod method,
    Weighting weights,
    int bootstrap,
    long seed,
    List<SampleSize> predict,
    List<Double> targets,
    double level,
    int threads) {

  /** Default number of bootstrap replicates. */
  public static final int DEFAULT_BOOTSTRAP = 1000;

  /**
   * The most bootstrap replicates: each keeps every family's refitted parameters, so far more would
   * only cost memory and time; the percentile ends settle long before.
   */
  public static final int MAX_BOOTSTRAP = 100_000;

  /** Default root seed. */
  public static final long DEFAULT_SEED = 42L;

  /** Validates and copies the lists. */
  public FitOptions {
    families = List.copyOf(families);
    predict = List.copyOf(predict);
    targets = List.copyOf(targets);
    if (method == null || weights == null) {
      throw new IllegalArgumentException("method and weights must not be null");
    }
    if (bootstrap < 0 || bootstrap > MAX_BOOTSTRAP) {
      throw new InvalidInputException(
          "--bootstrap: " + bootstrap + " is outside the valid range 0 (off) to " + MAX_BOOTSTRAP);
    }
    if (!(level > 0 && level < 1)) {
      throw new InvalidInputException("--level: " + level + " must be in (0, 1), e.g. 0.9");
    }
    ThreadCount.check("--threads", threads);
    for (int i = 0; i < predict.size(); i++) {
      // It would be answered twice, as a target given twice would.
      if (predict.subList(0, i).contains(predict.get(i))) {
        throw new InvalidInputException("--predict: " + predict.get(i) + " is listed twice");
      }
    }
    for (int i = 0; i < targets.size(); i++) {
      double t = targets.get(i);
      if (!(t > 0 && t < 1)) {
        throw new InvalidInputException(
            "--target: accuracy " + t + " must be in (0, 1), e.g. 0.95");
      }
      // It would be answered twice, the same line and fit.json entry again.
      if (targets.subList(0, i).contains(t)) {
        throw new InvalidInputException("--target: accuracy " + t + " is listed twice");
      }
    }
    if (method == FitMethod.RECIPE) {
      if (weights != Weighting.NONE) {
        throw new InvalidInputException(
            "--weights "
                + weights.id()
                + " does not apply to --method recipe (it fits size means)");
      }
      if (!families.isEmpty() && !families.equals(List.of(CurveFamily.POW2))) {
        throw new InvalidInputException(
            "--method recipe fits pow2 only; drop --family or use pow2");
      }
    }
  }

  /**
   * @return all families with automatic selection, least squares, no weights, 1000 bootstrap
   *     replicates, seed 42, predict at 2x, no targets, 90% intervals, all processors
   */
  public static FitOptions defaults() {
    return new FitOptions(
        List.of(),
        FitMethod.LM,
        Weighting.NONE,
        DEFAULT_BOOTSTRAP,
        DEFAULT_SEED,
        List.of(new SampleSize(2, true)),
        List.of(),
        0.90,
        0);
  }

  /**
   * @param f families to fit; empty = all with automatic selection
   * @return a copy with these families
   */
  public FitOptions withFamilies(List<CurveFamily> f) {
    return new FitOptions(f, method, weights, bootstrap, seed, predict, targets, level, threads);
  }

  /**
   * @param m the fitting method
   * @return a copy with this method
   */
  public FitOptions withMethod(FitMethod m) {
    return new FitOptions(families, m, weights, bootstrap, seed, predict, targets, level, threads);
  }

  /**
   * @param w the row weights
   * @return a copy with these weights
   */
  public FitOptions withWeights(Weighting w) {
    return new FitOptions(families, method, w, bootstrap, seed, predict, targets, level, threads);
  }

  /**
   * @param b bootstrap replicates, 0 = off
   * @return a copy with this many replicates
   */
  public FitOptions withBootstrap(int b) {
    return new FitOptions(families, method, weights, b, seed, predict, targets, level, threads);
  }

  /**
   * @param s the root seed
   * @return a copy with this seed
   */
  public FitOptions withSeed(long s) {
    return new FitOptions(
        families, method, weights, bootstrap, s, predict, targets, level, threads);
  }

  /**
   * @param p sizes to predict at
   * @return a copy with these sizes
   */
  public FitOptions withPredict(List<SampleSize> p) {
    return new FitOptions(families, method, weights, bootstrap, seed, p, targets, level, threads);
  }

  /**
   * @param t target accuracies
   * @return a copy with these targets
   */
  public FitOptions withTargets(List<Double> t) {
    return new FitOptions(families, method, weights, bootstrap, seed, predict, t, level, threads);
  }

  /**
   * @param l interval level in (0, 1)
   * @return a copy with this level
   */
  public FitOptions withLevel(double l) {
    return new FitOptions(families, method, weights, bootstrap, seed, predict, targets, l, threads);
  }

  /**
   * An interval level as a percentage with every digit it has ({@code 90%}, {@code 99.9%}): a
   * rounded one would call a 99.9% interval a 100% one, and a 0.1% one a 0% one.
   *
   * @param level a level in (0, 1), e.g. {@link #level()}
   * @return the level in percent, e.g. {@code 99.9%}
   */
  public static String levelPercent(double level) {
    return java.math.BigDecimal.valueOf(level)
            .movePointRight(2)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }

  /**
   * @param t worker threads, 0 = all processors
   * @return a copy with this thread count
   */
  public FitOptions withThreads(int t) {
    return new FitOptions(families, method, weights, bootstrap, seed, predict, targets, level, t);
  }

  /**
   * @return whether the families are chosen automatically (no explicit list)
   */
  public boolean automatic() {
    return families.isEmpty();
  }

  /**
   * @return the families that will be fitted: the explicit list, all families, or pow2 for the
   *     recipe method
   */
  public List<CurveFamily> effectiveFamilies() {
    if (method == FitMethod.RECIPE) {
      return List.of(CurveFamily.POW2);
    }
    return families.isEmpty() ? List.of(CurveFamily.values()) : families;
  }
}
