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
 */
public record CurveFit(
    String curve,
    List<SizeSummary> sizes,
    int rows,
    List<FamilyFit> families,
    String chosen,
    String selection,
    String rule,
    Map<String, String> looIneligible) {

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

  /** Copies the collections. */
  public CurveFit {
    sizes = List.copyOf(sizes);
    families = List.copyOf(families);
    looIneligible = Collections.unmodifiableMap(new LinkedHashMap<>(looIneligible));
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
   * @return the largest observed size
   */
  public double largestSize() {
    return sizes.get(sizes.size() - 1).size();
  }
}
