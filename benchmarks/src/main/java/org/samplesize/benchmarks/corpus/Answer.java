package org.samplesize.benchmarks.corpus;

import java.util.List;

/**
 * What an answer method says about one curve: the accuracy at each truth size and the size needed
 * for each truth accuracy, with intervals. Missing intervals are NaN.
 *
 * @param predictions one per truth of the curve, in the curve's truth order; empty when the method
 *     cannot answer this curve (e.g. a family that was skipped)
 * @param targets one per truth whose accuracy is a valid target (in (0, 1)), same order
 */
public record Answer(List<Point> predictions, List<Size> targets) {

  /** An answer with nothing in it. */
  public static final Answer NONE = new Answer(List.of(), List.of());

  /** Copies the lists. */
  public Answer {
    predictions = List.copyOf(predictions);
    targets = List.copyOf(targets);
  }

  /**
   * The predicted accuracy at a truth size.
   *
   * @param factor the truth's nominal factor
   * @param n the size predicted at
   * @param accuracy the point
   * @param lo lower end of the interval, NaN when none
   * @param hi upper end, NaN when none
   */
  public record Point(double factor, double n, double accuracy, double lo, double hi) {}

  /**
   * The size predicted for a truth accuracy taken as the target.
   *
   * @param factor the truth's nominal factor (whose measured accuracy is the target)
   * @param target the target accuracy
   * @param n the point; +infinity when the point curve does not reach the target
   * @param lo lower end of the interval, NaN when none
   * @param hi upper end, +infinity when unbounded, NaN when none
   */
  public record Size(double factor, double target, double n, double lo, double hi) {}

  /**
   * @param factor a nominal factor
   * @return the prediction at that factor, or null
   */
  public Point prediction(double factor) {
    for (Point p : predictions) {
      if (p.factor() == factor) {
        return p;
      }
    }
    return null;
  }

  /**
   * @param factor a nominal factor
   * @return the target answer for that factor's truth, or null
   */
  public Size target(double factor) {
    for (Size s : targets) {
      if (s.factor() == factor) {
        return s;
      }
    }
    return null;
  }
}
