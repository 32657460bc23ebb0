package org.samplesize.train.tail;

import java.util.List;

/**
 * Where each layer's tensors sit in {@link TailParameters} order, computed once from a {@link
 * TailSpec}: per block an optional expansion (weight, bias), the depthwise convolution (weight,
 * bias) and the projection (weight, bias); then the last 1×1 convolution and the dense head. The
 * orchestration in {@link DeviceTailNetwork} and every {@link TailDeviceOps} read the indices here,
 * so there is one copy of this arithmetic.
 */
public final class TailLayout {
  private final int[] expand;
  private final int[] depthwise;
  private final int[] project;
  private final int lastConv;

  private TailLayout(int[] expand, int[] depthwise, int[] project, int lastConv) {
    this.expand = expand;
    this.depthwise = depthwise;
    this.project = project;
    this.lastConv = lastConv;
  }

  /**
   * @param spec the tail
   * @return its layout
   */
  public static TailLayout of(TailSpec spec) {
    List<InvertedResidualSpec> blocks = spec.blocks();
    int[] e = new int[blocks.size()];
    int[] d = new int[blocks.size()];
    int[] p = new int[blocks.size()];
    int next = 0;
    for (int b = 0; b < blocks.size(); b++) {
      if (blocks.get(b).expand() != null) {
        e[b] = next;
        next += 2;
      } else {
        e[b] = -1;
      }
      d[b] = next;
      p[b] = next + 2;
      next += 4;
    }
    return new TailLayout(e, d, p, next);
  }

  /**
   * @param block block index
   * @return index of the block's expansion weight (its bias follows), or -1 without expansion
   */
  public int expand(int block) {
    return expand[block];
  }

  /**
   * @param block block index
   * @return index of the block's depthwise weight (its bias follows)
   */
  public int depthwise(int block) {
    return depthwise[block];
  }

  /**
   * @param block block index
   * @return index of the block's projection weight (its bias follows)
   */
  public int project(int block) {
    return project[block];
  }

  /**
   * @return index of the last 1×1 convolution's weight (its bias follows)
   */
  public int lastConv() {
    return lastConv;
  }

  /**
   * @return index of the dense head's weight (its bias follows); the tensors before it are the
   *     convolutions a device holds
   */
  public int head() {
    return lastConv + 2;
  }
}
