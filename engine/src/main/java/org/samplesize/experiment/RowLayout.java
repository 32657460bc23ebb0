package org.samplesize.experiment;

/**
 * Where each image's features sit in the feature set. Training image at split position {@code i},
 * view {@code v} is row {@code i·K + v} ({@code K = views}); test image {@code j} is row {@code
 * trainSize·K + j} (one clean view).
 *
 * @param trainSize training images
 * @param testSize test images
 * @param views views per training image
 */
public record RowLayout(int trainSize, int testSize, int views) {

  /** Checks the sizes. */
  public RowLayout {
    if (trainSize < 0 || testSize < 0 || views < 1) {
      throw new IllegalArgumentException(
          "train " + trainSize + ", test " + testSize + ", views " + views);
    }
  }

  /**
   * @param position a split position in the training set
   * @param view the view, from 0
   * @return its row
   */
  public int trainRow(int position, int view) {
    return position * views + view;
  }

  /**
   * @param j a position in the test set
   * @return its row
   */
  public int testRow(int j) {
    return trainSize * views + j;
  }

  /**
   * @return all rows
   */
  public int rows() {
    return trainSize * views + testSize;
  }
}
