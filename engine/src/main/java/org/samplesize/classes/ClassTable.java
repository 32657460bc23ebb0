package org.samplesize.classes;

import java.util.List;

/**
 * The per-class observations of a results table: one {@link Row} per trained model with, for each
 * class, its training images, test images, recall and precision. Immutable.
 *
 * @param source where the rows came from (a file name)
 * @param classes the class names, in the table's order
 * @param rows the models' rows, in the table's order
 * @param missing why the table has no per-class observations (no per-class columns, rows without
 *     them), or null when it has them
 */
public record ClassTable(String source, List<String> classes, List<Row> rows, String missing) {

  /** Copies the lists. */
  public ClassTable {
    classes = List.copyOf(classes);
    rows = List.copyOf(rows);
  }

  /**
   * A table without per-class observations.
   *
   * @param source where the rows came from
   * @param why why there are none, in words
   * @return the table
   */
  public static ClassTable missing(String source, String why) {
    return new ClassTable(source, List.of(), List.of(), why);
  }

  /**
   * A table that has per-class columns but cannot be read as per-class observations (a column of
   * each class missing, rows without figures).
   *
   * @param source where the rows came from
   * @param classes the classes its recall columns name
   * @param why why they cannot be read, in words
   * @return the table
   */
  public static ClassTable incomplete(String source, List<String> classes, String why) {
    return new ClassTable(source, classes, List.of(), why);
  }

  /**
   * @return whether the table has per-class columns that could not be read ({@link #incomplete}): a
   *     user who wrote them expects per-class curves and is told why there are none
   */
  public boolean incomplete() {
    return missing != null && !classes.isEmpty();
  }

  /**
   * @return whether the table holds per-class observations
   */
  public boolean present() {
    return missing == null;
  }

  /**
   * One model's per-class figures.
   *
   * @param curve the curve the model belongs to (e.g. {@code head})
   * @param fraction the model's share of the training set, NaN when the table has none
   * @param line the line of the table (for messages)
   * @param trainCount training images of each class
   * @param testCount test images of each class
   * @param recall recall of each class
   * @param precision precision of each class
   */
  public record Row(
      String curve,
      double fraction,
      long line,
      int[] trainCount,
      int[] testCount,
      double[] recall,
      double[] precision) {
    /** Copies the arrays and checks they have the same length. */
    public Row {
      trainCount = trainCount.clone();
      testCount = testCount.clone();
      recall = recall.clone();
      precision = precision.clone();
      int k = recall.length;
      if (trainCount.length != k || testCount.length != k || precision.length != k) {
        throw new IllegalArgumentException("per-class arrays of different lengths");
      }
    }
  }
}
