package org.samplesize.classes;

import java.util.List;

/**
 * The per-class curves of a results table and the labelling plans.
 *
 * @param source where the rows came from
 * @param targetRecall the recall each class is asked to reach, or null
 * @param level the intervals' level
 * @param answers one per curve and class, sorted by need within each curve (see {@link
 *     ClassCurves#byNeed}); empty when {@code missing}
 * @param plans one per curve and target accuracy; empty when {@code missing} or no target
 * @param missing why there are no per-class curves (the table has no per-class columns), or null
 */
public record ClassReport(
    String source,
    Double targetRecall,
    double level,
    List<ClassAnswer> answers,
    List<LabellingPlan> plans,
    String missing) {

  /** Copies the lists. */
  public ClassReport {
    answers = List.copyOf(answers);
    plans = List.copyOf(plans);
  }

  /**
   * @return whether there are per-class curves
   */
  public boolean present() {
    return missing == null;
  }

  /**
   * @param curve a curve name
   * @return its classes' answers, sorted by need
   */
  public List<ClassAnswer> answers(String curve) {
    return answers.stream().filter(a -> a.curve().equals(curve)).toList();
  }
}
