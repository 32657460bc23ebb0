package org.samplesize.fit;

import java.util.Locale;

/**
 * The family a selection rule chose for one curve, and how.
 *
 * @param index the chosen family's position among the families scored, -1 when none was fitted
 * @param family the chosen family, null when none was fitted
 * @param rule which rule decided
 * @param reason how it was chosen, in words
 */
public record Selection(int index, CurveFamily family, Rule rule, String reason) {

  /** Which part of {@link SelectionRule} decided. */
  public enum Rule {
    /** The smallest leave-last-size-out error decided alone. */
    LLSO(CurveFit.RULE_LLSO),
    /** Several families were within the tie margin of the best leave-last-size-out error; AICc. */
    LLSO_AICC(CurveFit.RULE_LLSO_AICC),
    /** Fewer than two curve families could be scored leaving the largest size out; AICc alone. */
    AICC(CurveFit.RULE_AICC),
    /** Only one family was fitted. */
    ONLY(CurveFit.RULE_ONLY),
    /** No family could be fitted. */
    NONE(CurveFit.RULE_NONE);

    private final String id;

    Rule(String id) {
      this.id = id;
    }

    /**
     * @return the name in fit.json and {@link CurveFit#rule()}, e.g. {@code llso+aicc}
     */
    public String id() {
      return id;
    }
  }

  static Selection none() {
    return new Selection(-1, null, Rule.NONE, "no family could be fitted");
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
