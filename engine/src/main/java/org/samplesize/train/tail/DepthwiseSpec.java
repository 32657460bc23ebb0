package org.samplesize.train.tail;

import java.util.Objects;

/**
 * A depthwise {@code k×k} convolution (one filter per channel, ONNX {@code group = channels}) with
 * BatchNorm folded in, optionally followed by ReLU6. Padding may be asymmetric (TF "SAME" padding
 * puts the extra pixel at the bottom/right).
 *
 * @param channels channels in and out, at least 1
 * @param kernel kernel height and width, at least 1
 * @param stride stride in both directions, at least 1
 * @param padTop zero rows above
 * @param padLeft zero columns on the left
 * @param padBottom zero rows below
 * @param padRight zero columns on the right
 * @param weight {@code channels × kernel × kernel} (copied; the accessor returns a copy)
 * @param bias {@code channels} (copied; the accessor returns a copy)
 * @param relu6 whether a ReLU6 follows
 * @param name the graph node this came from, for messages
 */
public record DepthwiseSpec(
    int channels,
    int kernel,
    int stride,
    int padTop,
    int padLeft,
    int padBottom,
    int padRight,
    float[] weight,
    float[] bias,
    boolean relu6,
    String name) {

  /** Validates shapes and copies the arrays. */
  public DepthwiseSpec {
    Objects.requireNonNull(name, "name");
    if (channels < 1 || kernel < 1 || stride < 1) {
      throw new IllegalArgumentException(
          name
              + ": channels, kernel and stride must be at least 1, got "
              + channels
              + ", "
              + kernel
              + ", "
              + stride);
    }
    if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
      throw new IllegalArgumentException(name + ": negative padding");
    }
    if (weight.length != (long) channels * kernel * kernel) {
      throw new IllegalArgumentException(
          name
              + ": weight has "
              + weight.length
              + " floats, expected "
              + channels
              + "×"
              + kernel
              + "×"
              + kernel);
    }
    if (bias.length != channels) {
      throw new IllegalArgumentException(
          name + ": bias has " + bias.length + " floats, expected " + channels);
    }
    weight = weight.clone();
    bias = bias.clone();
  }

  /**
   * @return a copy of the weights, {@code channels × kernel × kernel}
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
   * @param inHeight input height
   * @return output height, {@code (inHeight + padTop + padBottom − kernel) / stride + 1}
   */
  public int outHeight(int inHeight) {
    return (inHeight + padTop + padBottom - kernel) / stride + 1;
  }

  /**
   * @param inWidth input width
   * @return output width, {@code (inWidth + padLeft + padRight − kernel) / stride + 1}
   */
  public int outWidth(int inWidth) {
    return (inWidth + padLeft + padRight - kernel) / stride + 1;
  }

  /**
   * @return number of trainable parameters (weights and biases)
   */
  public long parameterCount() {
    return (long) channels * kernel * kernel + channels;
  }
}
