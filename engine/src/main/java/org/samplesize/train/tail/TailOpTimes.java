package org.samplesize.train.tail;

import java.util.Locale;

/**
 * Wall time per kind of operation of a {@link DeviceTailNetwork}'s training steps, for benchmarks
 * and profiles: attach it with {@link DeviceTailNetwork#recordOpTimes}. Times are taken around each
 * device call on the calling thread, so they are exact for the CPU ops (which return when the work
 * is done) and enqueue times for asynchronous devices. Not thread-safe.
 */
public final class TailOpTimes {

  /** The kinds of operation timed. */
  public enum Op {
    /** trunk activations copied into the device's channel-major input */
    LOAD_INPUT("data movement: input"),
    /** 1×1 expansion GEMMs, forward */
    EXPAND_FORWARD("expand 1x1 forward (GEMM)"),
    /** expansion bias + ReLU6, depthwise convolution, its bias and ReLU6 */
    DEPTHWISE_FORWARD("depthwise forward (+bias, ReLU6)"),
    /** projection bias (and residual) fill and 1×1 GEMM */
    PROJECT_FORWARD("project 1x1 forward (bias, residual, GEMM)"),
    /** last 1×1 convolution GEMM */
    LAST_CONV_FORWARD("last conv 1x1 forward (GEMM)"),
    /** last bias, ReLU6 and global average pooling */
    RELU_POOL("last ReLU6 + pooling"),
    /** dropout, dense head forward and backward on the host */
    HEAD("dense head + dropout (host)"),
    /** pooling and last ReLU6 backward */
    POOL_BACKWARD("pooling + ReLU6 backward"),
    /** last convolution weight, bias and input gradients */
    LAST_CONV_BACKWARD("last conv 1x1 backward (GEMMs)"),
    /** projection weight and bias gradients */
    PROJECT_BACKWARD_WEIGHT("project 1x1 backward weight (GEMM + row sums)"),
    /** projection input gradient */
    PROJECT_BACKWARD_INPUT("project 1x1 backward input (GEMM)"),
    /** depthwise (and ReLU6) backward */
    DEPTHWISE_BACKWARD("depthwise backward (+ReLU6 masks)"),
    /** expansion weight and bias gradients */
    EXPAND_BACKWARD_WEIGHT("expand 1x1 backward weight (GEMM + row sums)"),
    /** expansion input gradient and the residual's */
    EXPAND_BACKWARD_INPUT("expand 1x1 backward input (GEMM, residual)"),
    /** Adam on every tensor */
    OPTIMIZER("optimizer (Adam, weight upload)");

    private final String label;

    Op(String label) {
      this.label = label;
    }

    /**
     * @return a short description
     */
    public String label() {
      return label;
    }
  }

  private final long[] nanos = new long[Op.values().length];
  private final long[] calls = new long[Op.values().length];
  private long steps;

  /** Clears every sum. */
  public void reset() {
    java.util.Arrays.fill(nanos, 0);
    java.util.Arrays.fill(calls, 0);
    steps = 0;
  }

  void add(Op op, long ns) {
    nanos[op.ordinal()] += ns;
    calls[op.ordinal()]++;
  }

  void step() {
    steps++;
  }

  /**
   * @param op a kind
   * @return its total nanoseconds since the last {@link #reset}
   */
  public long nanos(Op op) {
    return nanos[op.ordinal()];
  }

  /**
   * @return training steps since the last {@link #reset}
   */
  public long steps() {
    return steps;
  }

  /**
   * @return one line per kind: milliseconds per training step and share of the total
   */
  public String table() {
    long total = 0;
    for (long n : nanos) {
      total += n;
    }
    long s = Math.max(1, steps);
    StringBuilder b = new StringBuilder();
    for (Op op : Op.values()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-46s %8.2f ms/step %5.1f%%%n",
              op.label(),
              nanos[op.ordinal()] / 1e6 / s,
              total == 0 ? 0 : 100.0 * nanos[op.ordinal()] / total));
    }
    b.append(
        String.format(
            Locale.ROOT, "  %-46s %8.2f ms/step (%d steps)%n", "total", total / 1e6 / s, steps));
    return b.toString();
  }
}
