package org.samplesize.classes;

import java.util.List;

/**
 * How many more training images of each class to label so that the overall accuracy is expected to
 * reach a target, under the model overall accuracy = Σ over classes of (test-set share × recall at
 * the class's training images), each recall from the class's curve ({@link ClassCurves}).
 *
 * @param curve the curve (e.g. {@code head})
 * @param target the overall accuracy asked for
 * @param classes the class names, in table order
 * @param have each class's training images now
 * @param add each class's images to add under the point curves; empty when not reachable
 * @param expectedNow the accuracy the model expects with the images there are now
 * @param expectedAfter the accuracy it expects after the additions (NaN when not reachable)
 * @param reachable whether the point curves reach the target below {@link
 *     org.samplesize.fit.LearningCurveFitter#MAX_SIZE} images per class
 * @param levelsOffAt when not reachable: the overall accuracy with every class at that size
 * @param totalLo the total to add under the upper ends of the classes' intervals (-1 without
 *     intervals)
 * @param totalHi the total to add under the lower ends (-1 without intervals or when they do not
 *     reach the target: unbounded)
 * @param addOptimistic each class's additions under the upper ends; empty when not computed
 * @param addPessimistic each class's additions under the lower ends; empty when not reachable
 * @param level the intervals' level
 * @param missing why there is no plan (a class without a curve); null when there is one
 */
public record LabellingPlan(
    String curve,
    double target,
    List<String> classes,
    List<Long> have,
    List<Long> add,
    double expectedNow,
    double expectedAfter,
    boolean reachable,
    double levelsOffAt,
    long totalLo,
    long totalHi,
    List<Long> addOptimistic,
    List<Long> addPessimistic,
    double level,
    String missing) {

  /** How the plan's model reads, for fit.json and the report. */
  public static final String MODEL =
      "overall accuracy = sum over classes of test-set share x the class's recall at its training"
          + " images (its curve's answer); additions chosen greedily, each step adding about 5% of"
          + " a class's images to the class with the largest expected accuracy gain per image,"
          + " the last step cut to the fewest images that reach the target. Interval: the same"
          + " plan made from every class's upper (lower) interval end at once, as if the classes'"
          + " errors moved together, which is wider than independent errors would give";

  /** Copies the lists. */
  public LabellingPlan {
    classes = List.copyOf(classes);
    have = List.copyOf(have);
    add = List.copyOf(add);
    addOptimistic = List.copyOf(addOptimistic);
    addPessimistic = List.copyOf(addPessimistic);
  }

  /**
   * @return the total images to add under the point curves, -1 when not reachable
   */
  public long total() {
    if (!reachable || missing != null) {
      return -1;
    }
    return add.stream().mapToLong(Long::longValue).sum();
  }

  /**
   * @return whether a plan could be made at all
   */
  public boolean present() {
    return missing == null;
  }
}
