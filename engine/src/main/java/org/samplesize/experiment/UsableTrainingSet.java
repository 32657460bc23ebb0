package org.samplesize.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole training set a run's answer is about: the training images planned, and those of them
 * that decoded. An image can pass the header check and still fail to decode; only the feature pass
 * finds it, after the plan, and no model learns from it. The prediction at the full size, {@code
 * --validate}'s comparison, the adaptive chooser and the report all use the usable count.
 *
 * @param planned the plan's training images
 * @param usable those whose data decoded (at most {@code planned})
 * @param perClass each class's usable training images by name, or null when the plan holds no split
 */
public record UsableTrainingSet(int planned, int usable, Map<String, Integer> perClass) {

  /** Checks the counts. */
  public UsableTrainingSet {
    if (usable < 0 || usable > planned) {
      throw new IllegalArgumentException(
          "usable training images " + usable + " must lie in [0, " + planned + "]");
    }
    perClass = perClass == null ? null : java.util.Collections.unmodifiableMap(perClass);
  }

  /**
   * @return the training images that did not decode
   */
  public int undecodable() {
    return planned - usable;
  }

  /**
   * The plan's training set less the images the feature pass could not decode.
   *
   * @param plan the plan
   * @param usablePerClass each class's decoded training images, in class order, as the feature pass
   *     counted them; empty when unknown (no pass has recorded them), then every planned image
   *     counts
   * @return the usable training set
   */
  public static UsableTrainingSet of(Plan plan, List<Integer> usablePerClass) {
    int planned = plan.dataset().trainSize();
    Map<String, Integer> plannedPerClass = CurveFitStage.classImages(plan);
    List<String> names = plan.dataset().classes();
    if (usablePerClass == null
        || usablePerClass.isEmpty()
        || usablePerClass.size() != names.size()) {
      return new UsableTrainingSet(planned, planned, plannedPerClass);
    }
    Map<String, Integer> perClass = new LinkedHashMap<>();
    int usable = 0;
    for (int c = 0; c < names.size(); c++) {
      perClass.put(names.get(c), usablePerClass.get(c));
      usable += usablePerClass.get(c);
    }
    return new UsableTrainingSet(
        planned, Math.min(usable, planned), plannedPerClass == null ? null : perClass);
  }
}
