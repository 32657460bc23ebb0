package org.samplesize.fit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every family fitted to one curve, side by side, and the one chosen. Immutable.
 *
 * @param curve the curve name
 * @param sizes the observations summarised per size, ascending
 * @param rows number of rows (models) in the curve
 * @param families every family that was asked for, fitted or skipped, in {@link CurveFamily} order
 * @param chosen the chosen family's name (one of {@code families}, always fitted), or null when
 *     none could be fitted
 * @param selection how it was chosen, in words
 * @param rule which selection rule decided: {@link #RULE_LLSO}, {@link #RULE_LLSO_AICC}, {@link
 *     #RULE_AICC}, {@link #RULE_ONLY} or {@link #RULE_NONE}
 * @param looIneligible fitted families that got no leave-last-size-out score, by name, with the
 *     reason; in {@code families} order
 * @param predictions the answer at each asked size: the chosen family's value with the interval
 *     named by {@code interval}; empty when no family could be fitted
 * @param targets the answer for each target: the chosen family's size with the interval named by
 *     {@code interval}; empty when no family could be fitted
 * @param interval how the intervals of {@code predictions} and {@code targets} were made: {@link
 *     #INTERVAL_SELECTION}, {@link #INTERVAL_CONDITIONAL} or {@link #INTERVAL_NONE}
 * @param bootstrapChoices under {@link #INTERVAL_SELECTION}: how many bootstrap replicates selected
 *     each family (families never selected are left out); empty otherwise
 * @param answerInterval under {@link #INTERVAL_SELECTION}: the replicates behind the answer's
 *     intervals, for intervals at other sizes (the plot's band); null otherwise
 * @param mean when the answer is the calibrated mean of the families (the default, {@link
 *     #INTERVAL_MEAN} or {@link #INTERVAL_NONE}): its curve and band at any size; null otherwise
 * @param warnings what the intervals cannot show, in words (e.g. no repeats); empty when none
 */
public record CurveFit(
    String curve,
    List<SizeSummary> sizes,
    int rows,
    List<FamilyFit> families,
    String chosen,
    String selection,
    String rule,
    Map<String, String> looIneligible,
    List<Prediction> predictions,
    List<TargetEstimate> targets,
    String interval,
    Map<String, Integer> bootstrapChoices,
    AnswerInterval answerInterval,
    MeanAnswer mean,
    List<String> warnings) {

  /** The smallest leave-last-size-out error decided alone. */
  public static final String RULE_LLSO = "llso";

  /** Several families were within the tie margin of the best leave-last-size-out error; AICc. */
  public static final String RULE_LLSO_AICC = "llso+aicc";

  /** Fewer than two curve families could be scored leaving the largest size out; AICc alone. */
  public static final String RULE_AICC = "aicc";

  /** Only one family was fitted. */
  public static final String RULE_ONLY = "only";

  /** No family could be fitted. */
  public static final String RULE_NONE = "none";

  /**
   * Intervals that account for the selection: every bootstrap replicate selects a family again by
   * the same rule and the percentile interval is taken over the selected families' values, widened
   * by the error made extrapolating one size step (see {@link LearningCurveFitter}).
   */
  public static final String INTERVAL_SELECTION = "selection-bootstrap";

  /**
   * The default answer: the mean of the fitted curve families, its interval calibrated on real
   * learning curves ({@link MeanAnswer}, {@link AnswerCalibration}). {@link #chosen()} is then the
   * family the selection rule prefers, shown for information; the answer does not rest on it.
   */
  public static final String INTERVAL_MEAN = "calibrated-mean";

  /** Intervals of the one fitted family (no selection took place): its own bootstrap. */
  public static final String INTERVAL_CONDITIONAL = "family-bootstrap";

  /** No intervals (bootstrap off, no size with repeats, or the default answer on two sizes). */
  public static final String INTERVAL_NONE = "none";

  /**
   * Why a curve has no interval, whichever of the three it is (a warning says which), as the
   * sentences of {@code run} and {@code fit} and the per-class lines say it: not only --bootstrap
   * 0; repeats of a fraction whose drawn images did not all decode differ in size, and --repeats 1
   * gives none, so no size may have repeats to resample; and on two sizes only families that rise
   * without end fit.
   */
  public static final String NO_INTERVAL_WHY =
      "intervals need --bootstrap above 0, repeats at some size and, for the default answer, 3 sizes or more";

  /** Copies the collections. */
  public CurveFit {
    sizes = List.copyOf(sizes);
    families = List.copyOf(families);
    looIneligible = Collections.unmodifiableMap(new LinkedHashMap<>(looIneligible));
    predictions = List.copyOf(predictions);
    targets = List.copyOf(targets);
    bootstrapChoices = Collections.unmodifiableMap(new LinkedHashMap<>(bootstrapChoices));
    warnings = List.copyOf(warnings);
  }

  /**
   * The interval of the answer at any size, made as {@link #interval()} says: selection-aware when
   * a family was selected, else the one family's own bootstrap.
   *
   * @param n training-set size
   * @return {lo, hi}, or null when there is no interval (bootstrap off, nothing fitted)
   */
  public double[] interval(double n) {
    if (mean != null) {
      return mean.interval(n);
    }
    if (answerInterval != null) {
      return answerInterval.interval(n);
    }
    FamilyFit c = chosenFit();
    return c == null ? null : c.interval(n);
  }

  /**
   * The answer's curve at any size: the calibrated mean when that is the answer, else the chosen
   * family's curve.
   *
   * @param n training-set size
   * @return the value, NaN when no family could be fitted
   */
  public double value(double n) {
    if (mean != null) {
      return mean.value(n);
    }
    FamilyFit c = chosenFit();
    return c == null ? Double.NaN : c.predict(n);
  }

  /**
   * @return the chosen family's fit, or null when no family could be fitted
   */
  public FamilyFit chosenFit() {
    return chosen == null ? null : family(chosen);
  }

  /**
   * @param id a family name such as {@code pow3}
   * @return that family's fit
   * @throws IllegalArgumentException when the family was not part of this fit
   */
  public FamilyFit family(String id) {
    for (FamilyFit f : families) {
      if (f.family().id().equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException("family " + id + " was not fitted for curve " + curve);
  }

  /**
   * Whether the answer rests only on curve families that keep rising: the default answer on two
   * sizes, where only pow2 and log2 can be fitted (the families that level off need three sizes or
   * more). Beyond the largest size its accuracies are then upper figures and its target sizes lower
   * ones: on tf_flowers' heads at 165 and 330 images (74.4% and 80.8%) it read 100.0% with all
   * 3,303 images, where four sizes read 91.8%, and 852 images for 90%.
   *
   * <p>Not when the larger size's mean is the lower: the two curves then fall, and a warning says
   * the families do not describe such a curve.
   *
   * @return whether the answer is the mean of families fitted to two sizes whose means rise
   */
  public boolean risingOnly() {
    return mean != null && sizes.size() == 2 && sizes.get(1).mean() > sizes.get(0).mean();
  }

  /**
   * Whether a target's size is a lower figure: the answer rests on curves that keep rising ({@link
   * #risingOnly}) and the size lies beyond the largest measured one, where such curves reach a
   * target sooner than one that levels off. The sentences, the tables and {@code fit.json} all ask
   * this.
   *
   * @param t an answer to a target of this curve
   * @return whether its size reads "more than"
   */
  public boolean lowerFigure(TargetEstimate t) {
    return risingOnly() && t.reachable() && t.n() > largestSize();
  }

  /**
   * @return the largest observed size
   */
  public double largestSize() {
    return sizes.get(sizes.size() - 1).size();
  }
}
