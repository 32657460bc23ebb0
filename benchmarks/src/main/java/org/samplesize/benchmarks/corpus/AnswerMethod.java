package org.samplesize.benchmarks.corpus;

import java.util.List;

/**
 * A way to answer "what accuracy at N?" and "how many for accuracy X?" from a learning curve. A
 * method with tunable parts learns them in {@link #tune}: the harness calls it with the curves of
 * every data set but the one it then scores, so nothing of the scored data set leaks into the
 * answer.
 */
public interface AnswerMethod {

  /**
   * @return a short name for the tables, e.g. {@code auto} or {@code pow3}
   */
  String name();

  /**
   * @return one line saying what the method does
   */
  String description();

  /**
   * Learns the method's tunable parts. The default has none and returns this method.
   *
   * @param training curves of the other data sets only, with their truth
   * @return the tuned method, ready to {@link #answer}
   */
  default AnswerMethod tune(List<FittedCurve> training) {
    return this;
  }

  /**
   * @return whether {@link #tune} learns anything (the harness then tunes once per held-out data
   *     set)
   */
  default boolean tunable() {
    return false;
  }

  /**
   * @param curve a curve with its fits; the truth's sizes and accuracies are the questions (the
   *     fits already answer them), its accuracies must not otherwise shape the answer
   * @return the answer at every truth size and for every truth accuracy, or {@link Answer#NONE}
   */
  Answer answer(FittedCurve curve);
}
