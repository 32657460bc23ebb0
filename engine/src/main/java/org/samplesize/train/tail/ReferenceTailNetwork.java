package org.samplesize.train.tail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tail and head computed plainly in double precision with {@link TailOps}: slow, simple and
 * exact enough to check the fast backends against, and itself checked against finite differences
 * and against ONNX Runtime. Parameters are held in double; {@link #trainStep} rounds gradients to
 * float and applies the same float32 Adam update as the fast backends.
 */
public final class ReferenceTailNetwork implements TailNetwork {
  private final TailSpec spec;
  private final int numClasses;
  private final int maxBatch;
  private final TailAdam adam;
  private double[][] params;
  private TailParameters floatParams;
  private TailAdam.Moments moments;
  private boolean closed;

  /** Forward activations of one block, kept for the backward pass. */
  private static final class BlockCache {
    double[] input;
    double[] expanded;
    double[] depthwise;
    double[] output;
  }

  /**
   * @param spec the tail
   * @param numClasses classes of the head
   * @param maxBatch largest batch
   * @param adam the optimiser settings used by {@link #trainStep}
   */
  public ReferenceTailNetwork(TailSpec spec, int numClasses, int maxBatch, TailAdam adam) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.adam = Objects.requireNonNull(adam, "adam");
    if (numClasses < 2 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "numClasses must be ≥ 2 and maxBatch ≥ 1, got " + numClasses + ", " + maxBatch);
    }
    this.numClasses = numClasses;
    this.maxBatch = maxBatch;
  }

  @Override
  public TailSpec spec() {
    return spec;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int maxBatch() {
    return maxBatch;
  }

  @Override
  public String name() {
    return "reference (java, double)";
  }

  @Override
  public void setParameters(TailParameters parameters) {
    loadWeights(parameters);
    moments = adam.newMoments(floatParams);
  }

  @Override
  public void loadWeights(TailParameters parameters) {
    open();
    floatParams = parameters.copy();
    params = new double[parameters.size()][];
    for (int i = 0; i < params.length; i++) {
      float[] f = parameters.tensor(i);
      params[i] = new double[f.length];
      for (int j = 0; j < f.length; j++) {
        params[i][j] = f[j];
      }
    }
    if (moments == null) {
      moments = adam.newMoments(floatParams);
    }
  }

  @Override
  public void getParameters(TailParameters destination) {
    open();
    requireParams();
    destination.copyFrom(floatParams);
  }

  @Override
  public void features(float[] trunk, int n, float[] features) {
    Forward f = forward(trunk, n, null, null);
    for (int i = 0; i < n * spec.featureDim(); i++) {
      features[i] = (float) f.pooled[i];
    }
  }

  @Override
  public void predict(float[] trunk, int n, float[] probabilities) {
    Forward f = forward(trunk, n, null, null);
    for (int i = 0; i < n * numClasses; i++) {
      probabilities[i] = (float) f.probs[i];
    }
  }

  /**
   * The gradient in double precision (what {@link #gradients} rounds to float).
   *
   * @param trunk trunk rows
   * @param labels labels
   * @param n rows
   * @param dropoutScale dropout multipliers or null
   * @return loss and per-tensor gradients, in {@link TailParameters} order
   */
  public DoubleGradients doubleGradients(float[] trunk, int[] labels, int n, float[] dropoutScale) {
    Objects.requireNonNull(labels, "labels");
    Forward f = forward(trunk, n, labels, dropoutScale);
    return backward(f, n, labels, dropoutScale);
  }

  /**
   * Loss and gradients in double precision.
   *
   * @param loss mean cross-entropy
   * @param grads per-tensor gradients in {@link TailParameters} order
   */
  public record DoubleGradients(double loss, double[][] grads) {}

  @Override
  public double gradients(
      float[] trunk, int[] labels, int n, float[] dropoutScale, TailParameters gradients) {
    DoubleGradients g = doubleGradients(trunk, labels, n, dropoutScale);
    for (int i = 0; i < g.grads.length; i++) {
      float[] dst = gradients.tensor(i);
      for (int j = 0; j < dst.length; j++) {
        dst[j] = (float) g.grads[i][j];
      }
    }
    return g.loss;
  }

  @Override
  public double trainStep(float[] trunk, int[] labels, int n, float[] dropoutScale) {
    TailParameters grads = TailParameters.zerosLike(floatParams);
    double loss = gradients(trunk, labels, n, dropoutScale, grads);
    adam.step(moments, floatParams, grads);
    TailParameters updated = floatParams.copy();
    TailAdam.Moments keep = moments;
    loadWeights(updated);
    moments = keep;
    return loss;
  }

  /** The live double-precision parameters (finite-difference tests perturb them). */
  double[][] liveParameters() {
    requireParams();
    return params;
  }

  /** The loss of a minibatch at the current (double) parameters. */
  double loss(float[] trunk, int[] labels, int n, float[] dropoutScale) {
    return forward(trunk, n, labels, dropoutScale).loss;
  }

  @Override
  public void close() {
    closed = true;
    params = null;
  }

  // ------------------------------------------------------------------ forward and backward

  private final class Forward {
    final List<BlockCache> blocks = new ArrayList<>();
    double[] last;
    double[] pooled;
    double[] dropped;
    double[] probs;
    double loss;
  }

  private Forward forward(float[] trunk, int n, int[] labels, float[] dropoutScale) {
    open();
    requireParams();
    if (n < 1 || n > maxBatch) {
      throw new IllegalArgumentException("batch of " + n + " rows, expected 1.." + maxBatch);
    }
    if (trunk.length < (long) n * spec.inputSize()) {
      throw new IllegalArgumentException(
          "trunk has " + trunk.length + " floats, expected " + n + "×" + spec.inputSize());
    }
    Forward f = new Forward();
    int c = spec.inChannels();
    int h = spec.inHeight();
    int w = spec.inWidth();
    double[] x = new double[n * spec.inputSize()];
    TailOps.toChannelMajor(trunk, n, c, h * w, x);
    int p = 0;
    for (InvertedResidualSpec b : spec.blocks()) {
      BlockCache bc = new BlockCache();
      bc.input = x;
      int inCols = n * h * w;
      double[] hidden = x;
      if (b.expand() != null) {
        Conv1x1Spec e = b.expand();
        bc.expanded = new double[e.outChannels() * inCols];
        TailOps.conv1x1Forward(
            params[p], params[p + 1], e.outChannels(), e.inChannels(), x, inCols, bc.expanded);
        TailOps.relu6Forward(bc.expanded, bc.expanded.length);
        hidden = bc.expanded;
        p += 2;
      }
      int oh = b.outHeight();
      int ow = b.outWidth();
      int outCols = n * oh * ow;
      bc.depthwise = new double[b.hiddenChannels() * outCols];
      TailOps.depthwiseForward(
          b.depthwise(), params[p], params[p + 1], n, h, w, hidden, bc.depthwise);
      TailOps.relu6Forward(bc.depthwise, bc.depthwise.length);
      p += 2;
      bc.output = new double[b.outChannels() * outCols];
      TailOps.conv1x1Forward(
          params[p],
          params[p + 1],
          b.outChannels(),
          b.hiddenChannels(),
          bc.depthwise,
          outCols,
          bc.output);
      p += 2;
      if (b.residual()) {
        for (int i = 0; i < bc.output.length; i++) {
          bc.output[i] += x[i];
        }
      }
      f.blocks.add(bc);
      x = bc.output;
      c = b.outChannels();
      h = oh;
      w = ow;
    }
    Conv1x1Spec last = spec.lastConv();
    int cols = n * h * w;
    f.last = new double[last.outChannels() * cols];
    TailOps.conv1x1Forward(params[p], params[p + 1], last.outChannels(), c, x, cols, f.last);
    TailOps.relu6Forward(f.last, f.last.length);
    p += 2;
    int d = spec.featureDim();
    f.pooled = new double[n * d];
    TailOps.globalAveragePoolForward(f.last, d, n, h * w, f.pooled);
    f.dropped = f.pooled.clone();
    if (dropoutScale != null) {
      for (int i = 0; i < n * d; i++) {
        f.dropped[i] *= dropoutScale[i];
      }
    }
    f.probs = new double[n * numClasses];
    f.loss =
        TailOps.denseSoftmaxForward(
            params[p], params[p + 1], numClasses, d, f.dropped, n, labels, f.probs);
    return f;
  }

  private DoubleGradients backward(Forward f, int n, int[] labels, float[] dropoutScale) {
    double[][] g = new double[params.length][];
    for (int i = 0; i < g.length; i++) {
      g[i] = new double[params[i].length];
    }
    int d = spec.featureDim();
    int p = params.length - 2;
    double[] dDropped = new double[n * d];
    TailOps.denseSoftmaxBackward(
        params[p], numClasses, d, f.dropped, n, labels, f.probs, dDropped, g[p], g[p + 1]);
    if (dropoutScale != null) {
      for (int i = 0; i < n * d; i++) {
        dDropped[i] *= dropoutScale[i];
      }
    }
    int h = spec.finalHeight();
    int w = spec.finalWidth();
    double[] dLast = new double[d * n * h * w];
    TailOps.globalAveragePoolBackward(dDropped, d, n, h * w, dLast);
    TailOps.relu6Backward(f.last, dLast, dLast.length);
    p -= 2;
    List<InvertedResidualSpec> blocks = spec.blocks();
    Conv1x1Spec last = spec.lastConv();
    double[] lastInput = f.blocks.get(blocks.size() - 1).output;
    int cols = n * h * w;
    double[] dy = new double[last.inChannels() * cols];
    TailOps.conv1x1Backward(
        params[p],
        last.outChannels(),
        last.inChannels(),
        lastInput,
        cols,
        dLast,
        dy,
        g[p],
        g[p + 1]);
    for (int bi = blocks.size() - 1; bi >= 0; bi--) {
      InvertedResidualSpec b = blocks.get(bi);
      BlockCache bc = f.blocks.get(bi);
      int inCols = n * b.inHeight() * b.inWidth();
      int outCols = n * b.outHeight() * b.outWidth();
      p -= 2;
      double[] dD = new double[b.hiddenChannels() * outCols];
      TailOps.conv1x1Backward(
          params[p],
          b.outChannels(),
          b.hiddenChannels(),
          bc.depthwise,
          outCols,
          dy,
          dD,
          g[p],
          g[p + 1]);
      TailOps.relu6Backward(bc.depthwise, dD, dD.length);
      p -= 2;
      boolean needInputGrad = bi > 0;
      double[] hiddenIn = b.expand() != null ? bc.expanded : bc.input;
      double[] dH =
          (b.expand() != null || needInputGrad) ? new double[b.hiddenChannels() * inCols] : null;
      TailOps.depthwiseBackward(
          b.depthwise(), params[p], n, b.inHeight(), b.inWidth(), hiddenIn, dD, dH, g[p], g[p + 1]);
      double[] dx;
      if (b.expand() != null) {
        TailOps.relu6Backward(bc.expanded, dH, dH.length);
        p -= 2;
        dx = needInputGrad ? new double[b.inChannels() * inCols] : null;
        TailOps.conv1x1Backward(
            params[p],
            b.hiddenChannels(),
            b.inChannels(),
            bc.input,
            inCols,
            dH,
            dx,
            g[p],
            g[p + 1]);
      } else {
        dx = dH;
      }
      if (b.residual() && dx != null) {
        for (int i = 0; i < dx.length; i++) {
          dx[i] += dy[i];
        }
      }
      dy = dx;
    }
    return new DoubleGradients(f.loss, g);
  }

  private void requireParams() {
    if (params == null) {
      throw new IllegalStateException("ReferenceTailNetwork has no parameters; call setParameters");
    }
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("ReferenceTailNetwork is closed");
    }
  }
}
