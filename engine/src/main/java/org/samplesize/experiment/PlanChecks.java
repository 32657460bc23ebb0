package org.samplesize.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.samplesize.InvalidInputException;
import org.samplesize.fit.Weighting;

/**
 * The checks of a plan made before any feature is extracted, so that a plan the fit would refuse
 * fails at once rather than after every model was trained. Apart from {@link Experiment} because
 * they judge the plan alone, and {@link ExperimentSpec} gives the same advice for the same mistake.
 */
final class PlanChecks {
  private PlanChecks() {}

  /**
   * Why one subsample size is not enough (the {@code validate} model is not a point of the curve).
   */
  static final String TWO_SIZES =
      "a learning curve needs at least 2 distinct subsample sizes: give --fractions two or more"
          + " shares of the training set, e.g. 0.05,0.1,0.25,0.5 (the --validate model is not a"
          + " point of the curve)";

  /**
   * Fails before any feature is extracted when a curve would have fewer than 2 distinct sizes: the
   * fit needs them, and fractions of a small training set can round to the same size.
   */
  static void checkSizes(Plan plan) {
    Map<String, SortedSet<Integer>> sizes = new LinkedHashMap<>();
    for (PlannedModel m : plan.models()) {
      if (!m.isValidation()) {
        sizes.computeIfAbsent(m.curve(), c -> new TreeSet<>()).add(m.size());
      }
    }
    for (Map.Entry<String, SortedSet<Integer>> e : sizes.entrySet()) {
      if (e.getValue().size() < 2) {
        throw new InvalidInputException(
            "--fractions: curve '"
                + e.getKey()
                + "' would have only the size "
                + e.getValue()
                + " (the fractions of the "
                + plan.dataset().trainSize()
                + " training images round to the same number); "
                + TWO_SIZES);
      }
    }
  }

  /**
   * Fails before any feature is extracted when {@code --weights repeat-variance} meets a curve
   * without repeats (no two models of one size): the fit refuses such a curve, and it would do so
   * only after every model was trained.
   */
  static void checkWeights(Plan plan, FitChoice choice) {
    if (choice.weights() != Weighting.REPEAT_VARIANCE) {
      return;
    }
    Map<String, Map<Integer, Integer>> counts = new LinkedHashMap<>();
    for (PlannedModel m : plan.models()) {
      if (!m.isValidation()) {
        counts.computeIfAbsent(m.curve(), c -> new TreeMap<>()).merge(m.size(), 1, Integer::sum);
      }
    }
    for (Map.Entry<String, Map<Integer, Integer>> e : counts.entrySet()) {
      if (e.getValue().values().stream().allMatch(n -> n < 2)) {
        throw new InvalidInputException(
            "--weights repeat-variance needs repeats (models of the same size), but curve '"
                + e.getKey()
                + "' would have one model per size: give --repeats 2 or more, or use --weights"
                + " none");
      }
    }
  }
}
