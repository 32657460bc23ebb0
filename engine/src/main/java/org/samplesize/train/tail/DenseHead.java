package org.samplesize.train.tail;

/**
 * The recipe's head on pooled features, in float32 on the heap: dense layer, softmax, mean
 * categorical cross-entropy, and its backward pass. Shared by the CPU and CUDA tails (the head is a
 * few thousand multiply-adds per row, not worth a device round trip of its own), so both compute it
 * identically.
 */
public final class DenseHead {
  private DenseHead() {}

  /**
   * Checks the labels of a batch.
   *
   * @param labels class per row
   * @param n rows
   * @param k classes
   * @throws IllegalArgumentException when there are fewer than {@code n} labels or one is outside
   *     [0, k)
   */
  public static void checkLabels(int[] labels, int n, int k) {
    java.util.Objects.requireNonNull(labels, "labels");
    if (labels.length < n) {
      throw new IllegalArgumentException(
          "labels has " + labels.length + " entries for " + n + " rows");
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= k) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of row " + i + " is outside [0, " + k + ")");
      }
    }
  }

  /**
   * The head's input: the pooled features as they are, or multiplied by the dropout multipliers.
   *
   * @param pooled features {@code n × d}
   * @param dropoutScale multipliers {@code n × d}, or null for no dropout
   * @param n rows
   * @param d feature length
   * @param dropped receives {@code pooled × dropoutScale} when there are multipliers
   * @return {@code pooled} or {@code dropped}
   * @throws IllegalArgumentException when there are fewer than {@code n × d} multipliers
   */
  public static float[] applyDropout(
      float[] pooled, float[] dropoutScale, int n, int d, float[] dropped) {
    if (dropoutScale == null) {
      return pooled;
    }
    if (dropoutScale.length < n * d) {
      throw new IllegalArgumentException(
          "dropout multipliers have " + dropoutScale.length + " values, expected " + n * d);
    }
    for (int i = 0; i < n * d; i++) {
      dropped[i] = pooled[i] * dropoutScale[i];
    }
    return dropped;
  }

  /**
   * @param w weights {@code k × d}, row-major
   * @param b biases {@code k}
   * @param k classes
   * @param d feature length
   * @param x features {@code n × d} (after dropout)
   * @param n rows
   * @param labels class per row, or null to skip the loss
   * @param probs receives probabilities {@code n × k}
   * @return mean cross-entropy, 0 without labels
   */
  public static double forward(
      float[] w, float[] b, int k, int d, float[] x, int n, int[] labels, float[] probs) {
    double loss = 0;
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      int xo = i * d;
      for (int c = 0; c < k; c++) {
        int wo = c * d;
        float acc = 0;
        for (int j = 0; j < d; j++) {
          acc += w[wo + j] * x[xo + j];
        }
        double z = (double) b[c] + acc;
        probs[i * k + c] = (float) z;
        max = Math.max(max, z);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(probs[i * k + c] - max);
      }
      double logSum = max + Math.log(sum);
      if (labels != null) {
        loss += logSum - probs[i * k + labels[i]];
      }
      for (int c = 0; c < k; c++) {
        probs[i * k + c] = (float) Math.exp(probs[i * k + c] - logSum);
      }
    }
    return labels == null ? 0 : loss / n;
  }

  /**
   * Backward of {@link #forward} for the mean cross-entropy, through the dropout multipliers.
   *
   * @param w weights {@code k × d}
   * @param k classes
   * @param d feature length
   * @param x the forward input {@code n × d} (after dropout)
   * @param n rows
   * @param labels class per row
   * @param probs the forward probabilities
   * @param dropoutScale the dropout multipliers {@code n × d}, or null
   * @param dPooled receives the gradient of the pooled features (before dropout), {@code n × d}
   * @param gw receives the weight gradient (overwritten)
   * @param gb receives the bias gradient (overwritten)
   */
  public static void backward(
      float[] w,
      int k,
      int d,
      float[] x,
      int n,
      int[] labels,
      float[] probs,
      float[] dropoutScale,
      float[] dPooled,
      float[] gw,
      float[] gb) {
    java.util.Arrays.fill(gw, 0, k * d, 0f);
    java.util.Arrays.fill(gb, 0, k, 0f);
    java.util.Arrays.fill(dPooled, 0, n * d, 0f);
    for (int i = 0; i < n; i++) {
      int xo = i * d;
      for (int c = 0; c < k; c++) {
        float g = (probs[i * k + c] - (labels[i] == c ? 1f : 0f)) / n;
        gb[c] += g;
        int wo = c * d;
        for (int j = 0; j < d; j++) {
          gw[wo + j] += g * x[xo + j];
          dPooled[xo + j] += g * w[wo + j];
        }
      }
    }
    if (dropoutScale != null) {
      for (int i = 0; i < n * d; i++) {
        dPooled[i] *= dropoutScale[i];
      }
    }
  }
}
