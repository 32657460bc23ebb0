package org.samplesize.train.tail;

/**
 * The device work of a tail network, and nothing else: buffers, the convolution tensors and their
 * Adam state, matrix products and the element-wise kernels. {@link DeviceTailNetwork} runs the
 * forward and backward passes, the dense head and the optimiser's schedule on top of it, so every
 * device computes the same sequence of operations; a CPU and a CUDA implementation live in the
 * backend packages.
 *
 * <p>Activations are channel-major {@code [C][N·H·W]} in {@link Buffer}s the implementation
 * allocates and owns; {@link #close()} frees all of them (idempotent). The tensors of the dense
 * head never reach the device. Not thread-safe.
 */
public interface TailDeviceOps extends AutoCloseable {

  /** A block of device floats, owned by the ops that allocated it. */
  interface Buffer {}

  /**
   * @return what runs, e.g. {@code "cpu (2 threads, OpenBLAS)"}
   */
  String name();

  /**
   * @param what what the buffer holds, for messages
   * @param floats length, &ge; 1
   * @return a zeroed buffer, freed by {@link #close()}
   */
  Buffer allocate(String what, long floats);

  /**
   * @param index a 1×1 convolution's weight index in {@link TailLayout}
   * @return the device copy of that weight ({@code out × in}, row-major)
   */
  Buffer weight(int index);

  /**
   * @param index a 1×1 convolution's weight or bias index
   * @return where the backward pass writes that tensor's gradient
   */
  Buffer gradient(int index);

  /**
   * Loads every convolution tensor (those before {@link TailLayout#head()}); leaves the Adam state.
   *
   * @param parameters a full parameter set of the spec
   */
  void loadParameters(TailParameters parameters);

  /**
   * @param destination receives the convolution tensors (the head's are left alone)
   */
  void readParameters(TailParameters destination);

  /**
   * @param destination receives the convolution tensors' gradients of the last backward pass
   */
  void readGradients(TailParameters destination);

  /** Zeroes the Adam moments of every convolution tensor. */
  void resetMoments();

  /**
   * One {@code Adam.update} of every convolution tensor with the last backward pass's gradients.
   *
   * @param alpha the bias-corrected step size of this iteration
   */
  void adamStep(float alpha);

  /**
   * @param trunk {@code n × inputSize} floats, sample-major
   * @param n rows
   * @param input receives them channel-major
   */
  void loadInput(float[] trunk, int n, Buffer input);

  /**
   * Row-major {@code c = op(a)·op(b) + beta·c}, {@code op(a)} {@code m × k}, {@code op(b)} {@code k
   * × n}.
   *
   * @param transA whether {@code a} is stored transposed
   * @param transB whether {@code b} is stored transposed (not together with {@code transA})
   * @param m rows of {@code c}
   * @param n columns of {@code c}
   * @param k the reduction length
   * @param a left operand
   * @param b right operand
   * @param beta 0 or 1
   * @param c result
   */
  void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      Buffer a,
      Buffer b,
      float beta,
      Buffer c);

  /**
   * @param rows rows of {@code a}
   * @param cols columns of {@code a}
   * @param a row-major matrix
   * @param out receives {@code out[r] = Σ_j a[r][j]}
   */
  void rowSums(int rows, int cols, Buffer a, Buffer out);

  /**
   * A block's depthwise convolution with bias and ReLU6. When the block expands, {@code in} is the
   * expansion's product without bias: its bias and ReLU6 are applied to it in place first.
   *
   * @param block block index
   * @param in the depthwise input, {@code hidden × n·inPixels}
   * @param out receives {@code hidden × n·outPixels}
   * @param n rows
   */
  void depthwiseForward(int block, Buffer in, Buffer out, int n);

  /**
   * @param biasIndex the projection bias's index
   * @param residual the block input to add, or null
   * @param channels output channels
   * @param cols {@code n · outPixels}
   * @param out receives bias (plus residual) in every column
   */
  void fillBias(int biasIndex, Buffer residual, int channels, int cols, Buffer out);

  /**
   * Bias and ReLU6 of the last convolution, in place, and global average pooling.
   *
   * @param lastOut {@code channels × n·pixels}, the last convolution's product without bias
   * @param biasIndex its bias's index
   * @param channels feature dimension
   * @param n rows
   * @param pixels final pixels per image
   * @param pooled receives {@code n × channels} on the host
   */
  void reluPool(Buffer lastOut, int biasIndex, int channels, int n, int pixels, float[] pooled);

  /**
   * @param lastOut the activated last convolution output
   * @param dPooled {@code n × channels} gradient of the pooled features, on the host
   * @param channels feature dimension
   * @param n rows
   * @param pixels final pixels per image
   * @param grad receives the gradient before the last ReLU6, {@code channels × n·pixels}
   */
  void poolBackward(Buffer lastOut, float[] dPooled, int channels, int n, int pixels, Buffer grad);

  /**
   * Backward through a block's depthwise convolution and its ReLU6: masks {@code gradOut} by the
   * output, writes the depthwise weight and bias gradients (kept by the ops for {@link
   * #readGradients} and {@link #adamStep}) and, when {@code gradIn} is given, the input gradient
   * (masked by the expansion's ReLU6 when the block expands).
   *
   * @param block block index
   * @param gradOut gradient of the depthwise output (may be overwritten)
   * @param out the depthwise output of the forward pass
   * @param in the depthwise input of the forward pass (the activated expansion, or the block input)
   * @param gradIn receives the input gradient, or null when it is not needed
   * @param n rows
   */
  void depthwiseBackward(int block, Buffer gradOut, Buffer out, Buffer in, Buffer gradIn, int n);

  /**
   * @param from source
   * @param to destination
   * @param floats how many
   */
  void copy(Buffer from, Buffer to, long floats);

  /**
   * @param from addend
   * @param into receives {@code into + from}
   * @param floats how many
   */
  void addInto(Buffer from, Buffer into, long floats);

  /** Frees every buffer and the device state; idempotent. */
  @Override
  void close();
}
