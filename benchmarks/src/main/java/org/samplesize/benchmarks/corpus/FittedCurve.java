package org.samplesize.benchmarks.corpus;

import java.util.Objects;
import org.samplesize.fit.CurveFit;

/**
 * A corpus curve with the fits every built-in method reads its answer from, each fitted once:
 * predictions at the truth sizes and targets at the truth accuracies.
 *
 * @param curve the curve and its truth
 * @param auto {@code samplesize fit}'s default: every family, least squares, the calibrated mean
 * @param select every family named ({@code --family pow2,...,last1}): the selection rule's answer
 * @param recipe {@code --method recipe}: the recipe's gradient descent on pow2
 */
public record FittedCurve(CorpusCurve curve, CurveFit auto, CurveFit select, CurveFit recipe) {

  /** Checks for nulls. */
  public FittedCurve {
    Objects.requireNonNull(curve, "curve");
    Objects.requireNonNull(auto, "auto");
    Objects.requireNonNull(select, "select");
    Objects.requireNonNull(recipe, "recipe");
  }

  /**
   * @return the curve's data set
   */
  public String dataset() {
    return curve.dataset();
  }
}
