package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The comparison of a figure with the previous run's.
 *
 * @param verdict regression, improvement, unchanged, or not compared
 * @param previous the previous median, NaN when not compared
 * @param changePercent signed change of the median in percent (positive = better), NaN when not
 *     compared
 * @param tolerance the larger spread of the two runs' repetitions, in the figure's unit
 * @param why for {@code not compared}: the reason
 */
record Comparison(
    String verdict, double previous, double changePercent, double tolerance, String why) {
  static Comparison notCompared(String why) {
    return new Comparison("not compared", Double.NaN, Double.NaN, Double.NaN, why);
  }

  boolean regression() {
    return verdict.equals("regression");
  }

  /**
   * Compares a figure with its previous value: a regression when it got worse by more than the
   * spread of its repetitions (the larger of this run's and the previous run's, so that a noisy run
   * on either side does not raise a false alarm); an improvement likewise the other way.
   *
   * @param now this run's figure
   * @param nowUnderLoad whether this run's figure was taken under load
   * @param previous the previous run's figure as written in its summary.json, or null
   * @return the comparison
   */
  static Comparison compare(Figure now, boolean nowUnderLoad, JsonNode previous) {
    if (previous == null || previous.isMissingNode() || previous.isNull()) {
      return Comparison.notCompared("no previous figure");
    }
    if (!now.config().equals(previous.path("config").asText())) {
      return Comparison.notCompared("other settings (" + previous.path("config").asText() + ")");
    }
    if (previous.path("under_load").asBoolean(false)) {
      return Comparison.notCompared("previous figure taken under load");
    }
    if (nowUnderLoad) {
      return Comparison.notCompared("taken under load");
    }
    Stats prev = Stats.fromJson(previous.path("ours"));
    if (now.ours().n() < 2 || prev.n() < 2) {
      return Comparison.notCompared("one repetition: no spread to judge by");
    }
    double better =
        now.higherIsBetter()
            ? now.ours().median() - prev.median()
            : prev.median() - now.ours().median();
    double tolerance = Math.max(now.ours().spread(), prev.spread());
    double pct = 100 * better / prev.median();
    String verdict;
    if (-better > tolerance) {
      verdict = "regression";
    } else if (better > tolerance) {
      verdict = "improvement";
    } else {
      verdict = "unchanged";
    }
    return new Comparison(verdict, prev.median(), pct, tolerance, null);
  }
}
