package org.samplesize.benchmarks.corpus;

import java.util.List;
import org.samplesize.fit.CurveData;

/**
 * One learning curve of the corpus and the accuracies measured beyond it.
 *
 * @param id unique curve id, e.g. {@code sklearn/digits/svm/s1}
 * @param source what made it, e.g. {@code sklearn} or {@code samplesize-run}
 * @param dataset the data set; the unit held out by the evaluation
 * @param group {@code real} or {@code synthetic}
 * @param learner e.g. {@code svm} or {@code head}
 * @param backbone the feature extractor, {@code none} when there is none
 * @param seed the seed that made the curve
 * @param data the observations: sizes with the repeats at each
 * @param truths the held-out truth, by ascending factor; at least one
 */
public record CorpusCurve(
    String id,
    String source,
    String dataset,
    String group,
    String learner,
    String backbone,
    long seed,
    CurveData data,
    List<Truth> truths) {

  /**
   * Accuracy measured at a multiple of the curve's largest size.
   *
   * @param factor the nominal multiple of the largest size (2, 4, 8, ...)
   * @param size the training-set size it was measured at
   * @param accuracy the mean over its repeats
   * @param sd the standard deviation over its repeats, NaN when unknown or one repeat
   * @param repeats how many models the mean is over
   * @param testSize the test-set size, 0 when unknown
   */
  public record Truth(
      double factor, double size, double accuracy, double sd, int repeats, int testSize) {}

  /** Copies the list. */
  public CorpusCurve {
    truths = List.copyOf(truths);
  }

  /**
   * @param factor a nominal factor such as 2
   * @return the truth at that factor, or null when the curve has none there
   */
  public Truth truth(double factor) {
    for (Truth t : truths) {
      if (t.factor() == factor) {
        return t;
      }
    }
    return null;
  }
}
