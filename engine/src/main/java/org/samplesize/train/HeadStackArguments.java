package org.samplesize.train;

/**
 * Argument checks shared by every {@link HeadStack} implementation, so that the CPU and CUDA stacks
 * reject the same bad input with the same message before any native call.
 */
public final class HeadStackArguments {
  private HeadStackArguments() {}

  /**
   * @param model a model index
   * @param models how many models the stack holds
   * @throws IndexOutOfBoundsException when {@code model} is outside {@code [0, models)}
   */
  public static void checkModel(int model, int models) {
    if (model < 0 || model >= models) {
      throw new IndexOutOfBoundsException("model " + model + " outside [0, " + models + ")");
    }
  }

  /**
   * @param weights a model's weights, {@code classes * cols} values
   * @param bias a model's bias, {@code classes} values
   * @param classes number of classes
   * @param cols features per row
   * @throws IllegalArgumentException when a length does not match
   */
  public static void checkLengths(float[] weights, float[] bias, int classes, int cols) {
    if (weights.length != classes * cols || bias.length != classes) {
      throw new IllegalArgumentException(
          "weights/bias have "
              + weights.length
              + "/"
              + bias.length
              + " values, expected "
              + classes * cols
              + "/"
              + classes);
    }
  }

  /**
   * @param rowIndices rows one model trains or is scored on
   * @param model the model they belong to (for the message)
   * @param rows number of rows in the feature matrix
   * @throws IllegalArgumentException naming the first row outside {@code [0, rows)} and its
   *     position
   */
  public static void checkRows(int[] rowIndices, int model, int rows) {
    for (int i = 0; i < rowIndices.length; i++) {
      if (rowIndices[i] < 0 || rowIndices[i] >= rows) {
        throw new IllegalArgumentException(
            "model "
                + model
                + ": row "
                + rowIndices[i]
                + " at position "
                + i
                + " is outside [0, "
                + rows
                + ")");
      }
    }
  }
}
