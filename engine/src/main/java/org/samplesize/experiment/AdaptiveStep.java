package org.samplesize.experiment;

import java.util.List;
import java.util.Objects;

/**
 * One step of an adaptive run, as the journal holds it: the models it chose (planned by the
 * adaptive phase, checked like the plan's own when their records are read back), why, and the
 * widths it saw. Journaled before its models are trained, so a resumed run trains the models of a
 * step it finds instead of choosing again.
 *
 * @param step the step number, from 1
 * @param models the models it added, in training order
 * @param choice what it chose, in words, e.g. {@code "1 more repeat at 367 images"}
 * @param width the answer's interval width before the step (as measured by the full fit)
 * @param expectedWidth the width the step was expected to leave (the estimate it was chosen by)
 * @param score the expected shrinkage of the width per training image of the step
 */
public record AdaptiveStep(
    int step,
    List<PlannedModel> models,
    String choice,
    double width,
    double expectedWidth,
    double score) {

  /** Checks and copies. */
  public AdaptiveStep {
    if (step < 1) {
      throw new IllegalArgumentException("step must be >= 1, got " + step);
    }
    Objects.requireNonNull(choice, "choice");
    models = List.copyOf(models);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("step " + step + " adds no model");
    }
  }

  /**
   * @return the training images of all its models: its cost
   */
  public long cost() {
    long c = 0;
    for (PlannedModel m : models) {
      c += m.size();
    }
    return c;
  }
}
