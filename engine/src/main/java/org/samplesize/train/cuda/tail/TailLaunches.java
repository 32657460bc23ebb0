package org.samplesize.train.cuda.tail;

import org.samplesize.train.tail.InvertedResidualSpec;
import org.samplesize.train.tail.TailLayout;
import org.samplesize.train.tail.TailSpec;

/**
 * Which {@link TailKernels} kernel each step of the CUDA tail launches, on which buffers, with
 * which shape arguments and grid: the part of {@link CudaTailOps} that needs no GPU. The buffers
 * are opaque handles ({@code DeviceBuffer}s on the GPU; host arrays when the tests run the kernel
 * source on the CPU), so the tests replay exactly the launches the GPU receives.
 */
final class TailLaunches {

  /** Receives one kernel launch; a null buffer argument stands for the address 0. */
  @FunctionalInterface
  interface Launcher {
    /**
     * @param kernel a name in {@link TailKernels#NAMES}
     * @param grid blocks
     * @param block threads per block
     * @param args buffers (or null), {@code Integer}, {@code Long} and {@code Float} values in the
     *     kernel's parameter order
     */
    void launch(String kernel, int grid, int block, Object... args);
  }

  private final TailSpec spec;
  private final TailLayout layout;
  private final Object[] params;
  private final Object[] grads;
  private final Object[] m;
  private final Object[] v;
  private final long[] lengths;
  private final Launcher launcher;

  /**
   * @param spec the tail
   * @param layout its parameter layout
   * @param params the convolution tensors in {@code TailParameters} order (head excluded)
   * @param grads their gradients
   * @param m their first Adam moments
   * @param v their second Adam moments
   * @param lengths their lengths in floats
   * @param launcher runs the launches
   */
  TailLaunches(
      TailSpec spec,
      TailLayout layout,
      Object[] params,
      Object[] grads,
      Object[] m,
      Object[] v,
      long[] lengths,
      Launcher launcher) {
    this.spec = spec;
    this.layout = layout;
    this.params = params;
    this.grads = grads;
    this.m = m;
    this.v = v;
    this.lengths = lengths;
    this.launcher = launcher;
  }

  /** {@code rows [n][c][px]} (sample-major trunk rows on the device) into channel-major input. */
  void toChannelMajor(Object rows, Object input, int n) {
    int px = spec.inHeight() * spec.inWidth();
    each("to_channel_major", (long) n * spec.inputSize(), rows, input, n, spec.inChannels(), px);
  }

  /** The expansion's bias and ReLU6 in place (when the block expands), then the depthwise conv. */
  void depthwiseForward(int block, Object in, Object out, int n) {
    InvertedResidualSpec s = spec.blocks().get(block);
    int hidden = s.hiddenChannels();
    if (s.expand() != null) {
      long colsIn = (long) n * s.inHeight() * s.inWidth();
      each("bias_relu6", hidden * colsIn, in, params[layout.expand(block) + 1], hidden, colsIn);
    }
    var dw = s.depthwise();
    int wi = layout.depthwise(block);
    each(
        "dw_forward",
        (long) hidden * n * s.outHeight() * s.outWidth(),
        in,
        params[wi],
        params[wi + 1],
        out,
        hidden,
        n,
        s.inHeight(),
        s.inWidth(),
        s.outHeight(),
        s.outWidth(),
        dw.kernel(),
        dw.stride(),
        dw.padTop(),
        dw.padLeft());
  }

  void fillBias(int biasIndex, Object residual, int channels, int cols, Object out) {
    each(
        "fill_bias",
        (long) channels * cols,
        out,
        params[biasIndex],
        residual,
        channels,
        (long) cols);
  }

  void reluPool(Object lastOut, int biasIndex, int channels, int n, int pixels, Object pooled) {
    each(
        "last_relu6_pool",
        (long) channels * n,
        lastOut,
        params[biasIndex],
        pooled,
        channels,
        n,
        pixels);
  }

  void poolBackward(Object lastOut, Object dPooled, int channels, int n, int pixels, Object grad) {
    each(
        "pool_backward", (long) channels * n * pixels, lastOut, dPooled, grad, channels, n, pixels);
  }

  /** ReLU6 mask of {@code gradOut} in place, weight and bias gradients, the input gradient. */
  void depthwiseBackward(int block, Object gradOut, Object out, Object in, Object gradIn, int n) {
    InvertedResidualSpec s = spec.blocks().get(block);
    int hidden = s.hiddenChannels();
    long outCols = (long) n * s.outHeight() * s.outWidth();
    each("relu6_mask", hidden * outCols, out, gradOut, hidden * outCols);
    var dw = s.depthwise();
    int wi = layout.depthwise(block);
    launcher.launch(
        "dw_backward_weight",
        hidden,
        TailKernels.BLOCK,
        gradOut,
        in,
        grads[wi],
        grads[wi + 1],
        hidden,
        n,
        s.inHeight(),
        s.inWidth(),
        s.outHeight(),
        s.outWidth(),
        dw.kernel(),
        dw.stride(),
        dw.padTop(),
        dw.padLeft());
    if (gradIn != null) {
      each(
          "dw_backward_input",
          (long) hidden * n * s.inHeight() * s.inWidth(),
          gradOut,
          params[wi],
          s.expand() != null ? in : null,
          gradIn,
          hidden,
          n,
          s.inHeight(),
          s.inWidth(),
          s.outHeight(),
          s.outWidth(),
          dw.kernel(),
          dw.stride(),
          dw.padTop(),
          dw.padLeft());
    }
  }

  void addInto(Object from, Object into, long floats) {
    each("add_into", floats, into, from, floats);
  }

  /** One Adam update of every convolution tensor. */
  void adamStep(float alpha, float oneMinusBeta1, float oneMinusBeta2, float epsilon) {
    for (int i = 0; i < params.length; i++) {
      long len = lengths[i];
      each(
          "adam",
          len,
          params[i],
          grads[i],
          m[i],
          v[i],
          len,
          alpha,
          oneMinusBeta1,
          oneMinusBeta2,
          epsilon);
    }
  }

  /** An element-wise kernel over {@code total} threads, {@link TailKernels#BLOCK} per block. */
  private void each(String kernel, long total, Object... args) {
    launcher.launch(kernel, TailKernels.blocks(total, TailKernels.BLOCK), TailKernels.BLOCK, args);
  }
}
