package org.samplesize.train.tail;

import java.util.Objects;

/**
 * A 1×1 convolution with BatchNorm folded in: {@code y[o] = bias[o] + Σ_i weight[o][i]·x[i]} at
 * every pixel, optionally followed by ReLU6.
 *
 * @param inChannels input channels, at least 1
 * @param outChannels output channels, at least 1
 * @param weight {@code outChannels × inChannels}, row-major (copied; the accessor returns a copy)
 * @param bias {@code outChannels} (copied; the accessor returns a copy)
 * @param relu6 whether a ReLU6 ({@code min(max(x, 0), 6)}) follows
 * @param name the graph node this came from, for messages
 */
public record Conv1x1Spec(
    int inChannels, int outChannels, float[] weight, float[] bias, boolean relu6, String name) {

  /** Validates shapes and copies the arrays. */
  public Conv1x1Spec {
    Objects.requireNonNull(name, "name");
    if (inChannels < 1 || outChannels < 1) {
      throw new IllegalArgumentException(
          name + ": channels must be at least 1, got in=" + inChannels + " out=" + outChannels);
    }
    if (weight.length != (long) inChannels * outChannels) {
      throw new IllegalArgumentException(
          name
              + ": weight has "
              + weight.length
              + " floats, expected "
              + outChannels
              + "×"
              + inChannels);
    }
    if (bias.length != outChannels) {
      throw new IllegalArgumentException(
          name + ": bias has " + bias.length + " floats, expected " + outChannels);
    }
    weight = weight.clone();
    bias = bias.clone();
  }

  /**
   * @return a copy of the weights, {@code outChannels × inChannels} row-major
   */
  @Override
  public float[] weight() {
    return weight.clone();
  }

  /**
   * @return a copy of the biases
   */
  @Override
  public float[] bias() {
    return bias.clone();
  }

  /**
   * @return number of trainable parameters (weights and biases)
   */
  public long parameterCount() {
    return (long) inChannels * outChannels + outChannels;
  }
}
