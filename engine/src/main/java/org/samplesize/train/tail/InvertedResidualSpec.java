package org.samplesize.train.tail;

import java.util.Objects;

/**
 * One MobileNetV2 inverted-residual block: an optional 1×1 expansion with ReLU6, a depthwise
 * convolution with ReLU6, a linear 1×1 projection, and a residual add of the block input where the
 * graph has one.
 *
 * @param name Keras-style block name, e.g. {@code block_10}
 * @param inputTensor the graph tensor that feeds the block
 * @param outputTensor the graph tensor the block produces (the add's output when residual)
 * @param inChannels input channels
 * @param inHeight input height
 * @param inWidth input width
 * @param expand the expansion convolution, or {@code null} when the block has none (block 0)
 * @param depthwise the depthwise convolution
 * @param project the linear projection (no activation)
 * @param residual whether the block input is added to the projection
 */
public record InvertedResidualSpec(
    String name,
    String inputTensor,
    String outputTensor,
    int inChannels,
    int inHeight,
    int inWidth,
    Conv1x1Spec expand,
    DepthwiseSpec depthwise,
    Conv1x1Spec project,
    boolean residual) {

  /** Checks that the pieces fit together. */
  public InvertedResidualSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(depthwise, "depthwise");
    Objects.requireNonNull(project, "project");
    if (inHeight < 1 || inWidth < 1) {
      throw new IllegalArgumentException(name + ": bad input size " + inHeight + "×" + inWidth);
    }
    int hidden = expand == null ? inChannels : expand.outChannels();
    if (expand != null && expand.inChannels() != inChannels) {
      throw new IllegalArgumentException(
          name + ": expansion takes " + expand.inChannels() + " channels, block has " + inChannels);
    }
    if (expand != null && !expand.relu6()) {
      throw new IllegalArgumentException(name + ": expansion without ReLU6 is not supported");
    }
    if (!depthwise.relu6()) {
      throw new IllegalArgumentException(name + ": depthwise without ReLU6 is not supported");
    }
    if (project.relu6()) {
      throw new IllegalArgumentException(name + ": projection must be linear (no ReLU6)");
    }
    if (depthwise.channels() != hidden || project.inChannels() != hidden) {
      throw new IllegalArgumentException(
          name
              + ": channel counts do not chain: hidden "
              + hidden
              + ", depthwise "
              + depthwise.channels()
              + ", projection input "
              + project.inChannels());
    }
    if (residual
        && (project.outChannels() != inChannels
            || depthwise.outHeight(inHeight) != inHeight
            || depthwise.outWidth(inWidth) != inWidth)) {
      throw new IllegalArgumentException(name + ": residual add needs equal input/output shapes");
    }
  }

  /**
   * @return channels after the expansion (the depthwise width)
   */
  public int hiddenChannels() {
    return depthwise.channels();
  }

  /**
   * @return output channels
   */
  public int outChannels() {
    return project.outChannels();
  }

  /**
   * @return output height
   */
  public int outHeight() {
    return depthwise.outHeight(inHeight);
  }

  /**
   * @return output width
   */
  public int outWidth() {
    return depthwise.outWidth(inWidth);
  }

  /**
   * @return multiply-adds of one forward pass for one sample
   */
  public long forwardMacs() {
    long inPix = (long) inHeight * inWidth;
    long outPix = (long) outHeight() * outWidth();
    long macs = 0;
    if (expand != null) {
      macs += inPix * expand.inChannels() * expand.outChannels();
    }
    macs += outPix * depthwise.channels() * depthwise.kernel() * depthwise.kernel();
    macs += outPix * project.inChannels() * project.outChannels();
    return macs;
  }

  /**
   * @return trainable parameters of the block
   */
  public long parameterCount() {
    return (expand == null ? 0 : expand.parameterCount())
        + depthwise.parameterCount()
        + project.parameterCount();
  }
}
