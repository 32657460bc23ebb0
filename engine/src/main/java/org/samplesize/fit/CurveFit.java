package org.samplesize.fit;

import java.util.List;

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
 */
public record CurveFit(
    String curve,
    List<SizeSummary> sizes,
    int rows,
    List<FamilyFit> families,
    String chosen,
    String selection) {

  /** Copies the lists. */
  public CurveFit {
    sizes = List.copyOf(sizes);
    families = List.copyOf(families);
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
