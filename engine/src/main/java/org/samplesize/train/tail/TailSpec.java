package org.samplesize.train.tail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The trainable tail of a MobileNetV2 backbone, from a cut tensor to the pooled feature: a list of
 * inverted-residual blocks, the last 1×1 convolution (to 1280 channels, ReLU6) and global average
 * pooling. BatchNorm is folded into every convolution, so the tail holds only convolution weights
 * and biases. Built by {@code org.samplesize.features.TailGraphReader} from an ONNX file; pure
 * data, immutable.
 *
 * @param source where it was read from (model file name), for provenance
 * @param cutTensor the graph tensor the tail starts from (its trunk activations are cached)
 * @param cutQuantization how to dequantize the cut tensor when the graph stores it as uint8 (the
 *     int8 zoo file), else {@code null}
 * @param featureTensor the graph tensor of the pooled feature that the tail reproduces
 * @param inChannels channels of the cut tensor
 * @param inHeight height of the cut tensor
 * @param inWidth width of the cut tensor
 * @param blocks the inverted-residual blocks in order, at least one (copied, unmodifiable)
 * @param lastConv the last 1×1 convolution with ReLU6
 */
public record TailSpec(
    String source,
    String cutTensor,
    Quantization cutQuantization,
    String featureTensor,
    int inChannels,
    int inHeight,
    int inWidth,
    List<InvertedResidualSpec> blocks,
    Conv1x1Spec lastConv) {

  /**
   * Linear dequantization of a uint8 tensor: {@code x = (q − zeroPoint) · scale}.
   *
   * @param scale the scale, positive
   * @param zeroPoint the zero point
   */
  public record Quantization(float scale, int zeroPoint) {
    /** Validates the scale. */
    public Quantization {
      if (!(scale > 0)) {
        throw new IllegalArgumentException("quantization scale must be positive, got " + scale);
      }
    }
  }

  /** Checks that the blocks chain from the cut tensor to the last convolution. */
  public TailSpec {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(cutTensor, "cutTensor");
    Objects.requireNonNull(featureTensor, "featureTensor");
    Objects.requireNonNull(lastConv, "lastConv");
    blocks = List.copyOf(blocks);
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("a tail needs at least one block");
    }
    int c = inChannels;
    int h = inHeight;
    int w = inWidth;
    for (InvertedResidualSpec b : blocks) {
      if (b.inChannels() != c || b.inHeight() != h || b.inWidth() != w) {
        throw new IllegalArgumentException(
            b.name()
                + " expects "
                + b.inChannels()
                + "×"
                + b.inHeight()
                + "×"
                + b.inWidth()
                + " but receives "
                + c
                + "×"
                + h
                + "×"
                + w);
      }
      c = b.outChannels();
      h = b.outHeight();
      w = b.outWidth();
    }
    if (lastConv.inChannels() != c || !lastConv.relu6()) {
      throw new IllegalArgumentException(
          "last convolution must take " + c + " channels and end in ReLU6: " + lastConv.name());
    }
  }

  /**
   * @return floats per trunk row, {@code inChannels · inHeight · inWidth}
   */
  public int inputSize() {
    return inChannels * inHeight * inWidth;
  }

  /**
   * @return length of the pooled feature (1280 for MobileNetV2 1.0)
   */
  public int featureDim() {
    return lastConv.outChannels();
  }

  /**
   * @return height of the last feature map (before pooling)
   */
  public int finalHeight() {
    return blocks.get(blocks.size() - 1).outHeight();
  }

  /**
   * @return width of the last feature map (before pooling)
   */
  public int finalWidth() {
    return blocks.get(blocks.size() - 1).outWidth();
  }

  /**
   * @return the first block's name (e.g. {@code block_10})
   */
  public String firstBlockName() {
    return blocks.get(0).name();
  }

  /**
   * @return the block names in order
   */
  public List<String> blockNames() {
    List<String> names = new ArrayList<>();
    for (InvertedResidualSpec b : blocks) {
      names.add(b.name());
    }
    return names;
  }

  /**
   * @return multiply-adds of one forward pass through the tail for one sample (convolutions only)
   */
  public long forwardMacs() {
    long macs = 0;
    for (InvertedResidualSpec b : blocks) {
      macs += b.forwardMacs();
    }
    return macs
        + (long) finalHeight() * finalWidth() * lastConv.inChannels() * lastConv.outChannels();
  }

  /**
   * Floating-point operations of one training step for one sample: forward, backward to the inputs
   * and backward to the weights, each {@code 2 × forwardMacs()} (the first block needs no input
   * gradient, which is ignored here).
   *
   * @return approximate FLOPs per sample of forward + backward
   */
  public double trainingFlopsPerSample() {
    return 3.0 * 2.0 * forwardMacs();
  }

  /**
   * @return trainable parameters of the tail (without the dense head)
   */
  public long parameterCount() {
    long p = lastConv.parameterCount();
    for (InvertedResidualSpec b : blocks) {
      p += b.parameterCount();
    }
    return p;
  }

  @Override
  public String toString() {
    return "TailSpec["
        + source
        + " from "
        + firstBlockName()
        + " (cut "
        + cutTensor
        + ", "
        + inChannels
        + "×"
        + inHeight
        + "×"
        + inWidth
        + ") to "
        + featureTensor
        + ", "
        + blocks.size()
        + " blocks, "
        + parameterCount()
        + " parameters]";
  }
}
