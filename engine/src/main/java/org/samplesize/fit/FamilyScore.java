package org.samplesize.fit;

/**
 * What the selection rule knows about one family on one curve (the full data or a bootstrap
 * replicate).
 *
 * @param family the family
 * @param fitted whether it was fitted
 * @param aicc its AICc, NaN when there is none
 * @param looError its absolute leave-last-size-out error, NaN when it was not scored
 */
public record FamilyScore(CurveFamily family, boolean fitted, double aicc, double looError) {

  /**
   * @param fit a family's fit
   * @return its score
   */
  static FamilyScore of(FamilyFit fit) {
    return new FamilyScore(fit.family(), fit.fitted(), fit.aicc(), fit.looError());
  }

  /**
   * @return whether it took part in the leave-last-size-out contest
   */
  boolean scored() {
    return fitted && !Double.isNaN(looError);
  }
}
