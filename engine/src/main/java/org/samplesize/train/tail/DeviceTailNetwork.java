package org.samplesize.train.tail;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.samplesize.train.Adam;
import org.samplesize.train.tail.TailDeviceOps.Buffer;
import org.samplesize.train.tail.TailOpTimes.Op;

/**
 * A {@link TailNetwork} written once above the devices: argument checks, the activation plan, the
 * order of the forward and backward passes through the blocks, the dense head and dropout (on the
 * host, {@link DenseHead}) and the Adam schedule. The device work (matrix products, depthwise
 * kernels, parameter storage) is a {@link TailDeviceOps}; the CPU and CUDA networks are this class
 * with their ops, so the CPU tests cover everything here for both.
 *
 * <p>Every activation buffer is allocated in the constructor for {@link #maxBatch()} rows. Not
 * thread-safe. {@link #close()} closes the ops (freeing all device memory) and is idempotent; any
 * other call after it throws {@link IllegalStateException} naming the class.
 */
public abstract class DeviceTailNetwork implements TailNetwork {

  /** Opens the device work of one network; called once, by the constructor. */
  @FunctionalInterface
  protected interface OpsFactory {
    /**
     * @param spec the tail
     * @param layout its parameter layout
     * @param numClasses classes of the head
     * @param maxBatch largest batch
     * @return the ops; the network closes them
     */
    TailDeviceOps open(TailSpec spec, TailLayout layout, int numClasses, int maxBatch);
  }

  private final TailSpec spec;
  private final int numClasses;
  private final int maxBatch;
  private final Adam adam;
  private final TailLayout layout;
  private final TailParameters shape;
  private final TailDeviceOps ops;

  private final Buffer input;
  private final Buffer[] expanded;
  private final Buffer[] depthwise;
  private final Buffer[] output;
  private final Buffer lastOut;
  private final Buffer gradA;
  private final Buffer gradB;
  private final Buffer gradHiddenIn;
  private final Buffer gradHiddenOut;

  private final float[] headW;
  private final float[] headB;
  private final float[] headGw;
  private final float[] headGb;
  private final float[] headMw;
  private final float[] headVw;
  private final float[] headMb;
  private final float[] headVb;
  private final float[] pooled;
  private final float[] dropped;
  private final float[] dPooled;
  private final float[] probs;
  private long iteration;
  private TailOpTimes times;
  private boolean loaded;
  private boolean closed;

  /**
   * @param spec the tail
   * @param numClasses classes of the dense head, at least 2
   * @param maxBatch largest batch, at least 1; buffers are sized for it
   * @param adam the optimiser used by {@link #trainStep}
   * @param factory opens the device work once the arguments are checked
   */
  protected DeviceTailNetwork(
      TailSpec spec, int numClasses, int maxBatch, TailAdam adam, OpsFactory factory) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.adam = Objects.requireNonNull(adam, "adam").adam();
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses = " + numClasses + ", expected >= 2");
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch = " + maxBatch + ", expected >= 1");
    }
    this.numClasses = numClasses;
    this.maxBatch = maxBatch;
    this.layout = TailLayout.of(spec);
    int d = spec.featureDim();
    this.shape =
        TailParameters.of(spec, numClasses, new float[numClasses * d], new float[numClasses]);
    this.ops = factory.open(spec, layout, numClasses, maxBatch);
    List<InvertedResidualSpec> blocks = spec.blocks();
    expanded = new Buffer[blocks.size()];
    depthwise = new Buffer[blocks.size()];
    output = new Buffer[blocks.size()];
    try {
      long n = maxBatch;
      input = ops.allocate("trunk channel-major", spec.inputSize() * n);
      long maxGrad = spec.inputSize() * n;
      long maxHiddenIn = 1;
      long maxHiddenOut = 1;
      for (int b = 0; b < blocks.size(); b++) {
        InvertedResidualSpec s = blocks.get(b);
        long in = n * s.inHeight() * s.inWidth();
        long out = n * s.outHeight() * s.outWidth();
        if (s.expand() != null) {
          expanded[b] = ops.allocate(s.name() + " expanded", s.hiddenChannels() * in);
        }
        depthwise[b] = ops.allocate(s.name() + " depthwise", s.hiddenChannels() * out);
        output[b] = ops.allocate(s.name() + " output", s.outChannels() * out);
        maxGrad = Math.max(maxGrad, Math.max(s.outChannels() * out, s.inChannels() * in));
        maxHiddenIn = Math.max(maxHiddenIn, s.hiddenChannels() * in);
        maxHiddenOut = Math.max(maxHiddenOut, s.hiddenChannels() * out);
      }
      long lastCols = n * spec.finalHeight() * spec.finalWidth();
      lastOut = ops.allocate("last conv", d * lastCols);
      gradA = ops.allocate("gradient A", maxGrad);
      gradB = ops.allocate("gradient B", maxGrad);
      gradHiddenIn = ops.allocate("hidden gradient in", maxHiddenIn);
      gradHiddenOut = ops.allocate("hidden gradient out", Math.max(maxHiddenOut, d * lastCols));
    } catch (RuntimeException | Error e) {
      ops.close();
      throw e;
    }
    int hw = numClasses * d;
    headW = new float[hw];
    headB = new float[numClasses];
    headGw = new float[hw];
    headGb = new float[numClasses];
    headMw = new float[hw];
    headVw = new float[hw];
    headMb = new float[numClasses];
    headVb = new float[numClasses];
    pooled = new float[maxBatch * d];
    dropped = new float[maxBatch * d];
    dPooled = new float[maxBatch * d];
    probs = new float[maxBatch * numClasses];
  }

  /**
   * Times every following operation by kind into {@code times} (benchmarks and profiles).
   *
   * @param times receives the times, or null to stop timing
   */
  public final void recordOpTimes(TailOpTimes times) {
    this.times = times;
  }

  private long tick() {
    return times == null ? 0 : System.nanoTime();
  }

  /** Adds the time since {@code start} to {@code op}; returns the new start. */
  private long tock(Op op, long start) {
    if (times == null) {
      return 0;
    }
    long now = System.nanoTime();
    times.add(op, now - start);
    return now;
  }

  @Override
  public final TailSpec spec() {
    return spec;
  }

  @Override
  public final int numClasses() {
    return numClasses;
  }

  @Override
  public final int maxBatch() {
    return maxBatch;
  }

  @Override
  public final String name() {
    return ops.name();
  }

  @Override
  public final void setParameters(TailParameters parameters) {
    loadWeights(parameters);
    ops.resetMoments();
    Arrays.fill(headMw, 0f);
    Arrays.fill(headVw, 0f);
    Arrays.fill(headMb, 0f);
    Arrays.fill(headVb, 0f);
    iteration = 0;
  }

  @Override
  public final void loadWeights(TailParameters parameters) {
    open();
    shape.checkSameShape(parameters);
    ops.loadParameters(parameters);
    int h = layout.head();
    System.arraycopy(parameters.tensor(h), 0, headW, 0, headW.length);
    System.arraycopy(parameters.tensor(h + 1), 0, headB, 0, headB.length);
    loaded = true;
  }

  @Override
  public final void getParameters(TailParameters destination) {
    open();
    requireLoaded();
    shape.checkSameShape(destination);
    ops.readParameters(destination);
    int h = layout.head();
    System.arraycopy(headW, 0, destination.tensor(h), 0, headW.length);
    System.arraycopy(headB, 0, destination.tensor(h + 1), 0, headB.length);
  }

  @Override
  public final void features(float[] trunk, int n, float[] features) {
    forward(trunk, n);
    System.arraycopy(pooled, 0, features, 0, n * spec.featureDim());
  }

  @Override
  public final void predict(float[] trunk, int n, float[] probabilities) {
    forward(trunk, n);
    DenseHead.forward(headW, headB, numClasses, spec.featureDim(), pooled, n, null, probs);
    System.arraycopy(probs, 0, probabilities, 0, n * numClasses);
  }

  @Override
  public final double gradients(
      float[] trunk, int[] labels, int n, float[] dropoutScale, TailParameters gradients) {
    shape.checkSameShape(gradients);
    double loss = computeGradients(trunk, labels, n, dropoutScale);
    ops.readGradients(gradients);
    int h = layout.head();
    System.arraycopy(headGw, 0, gradients.tensor(h), 0, headGw.length);
    System.arraycopy(headGb, 0, gradients.tensor(h + 1), 0, headGb.length);
    return loss;
  }

  @Override
  public final double trainStep(float[] trunk, int[] labels, int n, float[] dropoutScale) {
    double loss = computeGradients(trunk, labels, n, dropoutScale);
    long t = tick();
    iteration++;
    float alpha = adam.alpha(iteration);
    ops.adamStep(alpha);
    adam.update(headW, 0, headGw, 0, headMw, headVw, 0, headW.length, alpha);
    adam.update(headB, 0, headGb, 0, headMb, headVb, 0, headB.length, alpha);
    tock(Op.OPTIMIZER, t);
    if (times != null) {
      times.step();
    }
    return loss;
  }

  private double computeGradients(float[] trunk, int[] labels, int n, float[] dropoutScale) {
    DenseHead.checkLabels(labels, n, numClasses);
    forward(trunk, n);
    long t = tick();
    int d = spec.featureDim();
    float[] x = DenseHead.applyDropout(pooled, dropoutScale, n, d, dropped);
    double loss = DenseHead.forward(headW, headB, numClasses, d, x, n, labels, probs);
    DenseHead.backward(
        headW, numClasses, d, x, n, labels, probs, dropoutScale, dPooled, headGw, headGb);
    tock(Op.HEAD, t);
    backward(n);
    return loss;
  }

  // ------------------------------------------------------------------ forward

  private void forward(float[] trunk, int n) {
    open();
    requireLoaded();
    if (n < 1 || n > maxBatch) {
      throw new IllegalArgumentException("batch of " + n + " rows, expected 1.." + maxBatch);
    }
    if (trunk.length < (long) n * spec.inputSize()) {
      throw new IllegalArgumentException(
          "trunk has " + trunk.length + " floats, expected " + n + "×" + spec.inputSize());
    }
    long t = tick();
    ops.loadInput(trunk, n, input);
    tock(Op.LOAD_INPUT, t);
    Buffer x = input;
    for (int b = 0; b < output.length; b++) {
      forwardBlock(b, x, n);
      x = output[b];
    }
    int pixels = spec.finalHeight() * spec.finalWidth();
    int d = spec.featureDim();
    int lw = layout.lastConv();
    t = tick();
    ops.gemm(
        false, false, d, n * pixels, spec.lastConv().inChannels(), ops.weight(lw), x, 0f, lastOut);
    t = tock(Op.LAST_CONV_FORWARD, t);
    ops.reluPool(lastOut, lw + 1, d, n, pixels, pooled);
    tock(Op.RELU_POOL, t);
  }

  private void forwardBlock(int b, Buffer x, int n) {
    InvertedResidualSpec s = spec.blocks().get(b);
    int colsIn = n * s.inHeight() * s.inWidth();
    int colsOut = n * s.outHeight() * s.outWidth();
    int hidden = s.hiddenChannels();
    Buffer dwIn = x;
    long t = tick();
    if (expanded[b] != null) {
      Buffer w = ops.weight(layout.expand(b));
      ops.gemm(false, false, hidden, colsIn, s.inChannels(), w, x, 0f, expanded[b]);
      dwIn = expanded[b];
      t = tock(Op.EXPAND_FORWARD, t);
    }
    ops.depthwiseForward(b, dwIn, depthwise[b], n);
    t = tock(Op.DEPTHWISE_FORWARD, t);
    // output = project bias (+ block input when residual), then += W·depthwise
    int pw = layout.project(b);
    ops.fillBias(pw + 1, s.residual() ? x : null, s.outChannels(), colsOut, output[b]);
    ops.gemm(
        false,
        false,
        s.outChannels(),
        colsOut,
        hidden,
        ops.weight(pw),
        depthwise[b],
        1f,
        output[b]);
    tock(Op.PROJECT_FORWARD, t);
  }

  // ------------------------------------------------------------------ backward

  private void backward(int n) {
    int d = spec.featureDim();
    int pixels = spec.finalHeight() * spec.finalWidth();
    int cols = n * pixels;
    long t = tick();
    ops.poolBackward(lastOut, dPooled, d, n, pixels, gradHiddenOut);
    t = tock(Op.POOL_BACKWARD, t);
    Buffer lastIn = output[output.length - 1];
    int cin = spec.lastConv().inChannels();
    int lw = layout.lastConv();
    ops.gemm(false, true, d, cin, cols, gradHiddenOut, lastIn, 0f, ops.gradient(lw));
    ops.rowSums(d, cols, gradHiddenOut, ops.gradient(lw + 1));
    Buffer dy = gradA;
    Buffer spare = gradB;
    ops.gemm(true, false, cin, cols, d, ops.weight(lw), gradHiddenOut, 0f, dy);
    tock(Op.LAST_CONV_BACKWARD, t);
    for (int b = output.length - 1; b >= 0; b--) {
      Buffer x = b == 0 ? input : output[b - 1];
      backwardBlock(b, x, dy, spare, n, b > 0);
      Buffer swap = dy;
      dy = spare;
      spare = swap;
    }
  }

  /**
   * Backward through one block. {@code dy} holds the gradient of the block output; the gradient of
   * the block input is written to {@code dx} when {@code needInputGrad}.
   */
  private void backwardBlock(int b, Buffer x, Buffer dy, Buffer dx, int n, boolean needInputGrad) {
    InvertedResidualSpec s = spec.blocks().get(b);
    int colsIn = n * s.inHeight() * s.inWidth();
    int colsOut = n * s.outHeight() * s.outWidth();
    int hidden = s.hiddenChannels();
    int cout = s.outChannels();
    int pw = layout.project(b);
    long t = tick();
    ops.gemm(false, true, cout, hidden, colsOut, dy, depthwise[b], 0f, ops.gradient(pw));
    ops.rowSums(cout, colsOut, dy, ops.gradient(pw + 1));
    t = tock(Op.PROJECT_BACKWARD_WEIGHT, t);
    Buffer gD = gradHiddenOut;
    ops.gemm(true, false, hidden, colsOut, cout, ops.weight(pw), dy, 0f, gD);
    t = tock(Op.PROJECT_BACKWARD_INPUT, t);
    boolean hasExpand = expanded[b] != null;
    // the depthwise input's gradient: into gradHiddenIn (then through the expansion), or straight
    // into dx for a block without expansion
    Buffer gIn = hasExpand ? gradHiddenIn : (needInputGrad ? dx : null);
    Buffer dwIn = hasExpand ? expanded[b] : x;
    ops.depthwiseBackward(b, gD, depthwise[b], dwIn, gIn, n);
    t = tock(Op.DEPTHWISE_BACKWARD, t);
    int cin = s.inChannels();
    if (hasExpand) {
      int ew = layout.expand(b);
      ops.gemm(false, true, hidden, cin, colsIn, gradHiddenIn, x, 0f, ops.gradient(ew));
      ops.rowSums(hidden, colsIn, gradHiddenIn, ops.gradient(ew + 1));
      t = tock(Op.EXPAND_BACKWARD_WEIGHT, t);
      if (needInputGrad) {
        float beta = 0f;
        if (s.residual()) {
          ops.copy(dy, dx, (long) cin * colsIn);
          beta = 1f;
        }
        ops.gemm(true, false, cin, colsIn, hidden, ops.weight(ew), gradHiddenIn, beta, dx);
      }
    } else if (needInputGrad && s.residual()) {
      ops.addInto(dy, dx, (long) cin * colsIn);
    }
    tock(Op.EXPAND_BACKWARD_INPUT, t);
  }

  private void requireLoaded() {
    if (!loaded) {
      throw new IllegalStateException(
          getClass().getSimpleName() + " has no parameters; call setParameters first");
    }
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException(getClass().getSimpleName() + " is closed");
    }
  }

  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      ops.close();
    }
  }
}
