package org.samplesize.train.cpu.tail;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.blas_set_num_threads;
import static org.bytedeco.openblas.global.openblas.cblas_scopy;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas.cblas_sgemv;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.FloatPointer;
import org.samplesize.train.tail.Conv1x1Spec;
import org.samplesize.train.tail.DenseHead;
import org.samplesize.train.tail.InvertedResidualSpec;
import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailNetwork;
import org.samplesize.train.tail.TailParameters;
import org.samplesize.train.tail.TailSpec;

/**
 * The tail on the CPU. Activations are channel-major {@code [C][N·H·W]}, so each 1×1 convolution of
 * a batch is one OpenBLAS {@code sgemm} (forward, weight gradient and input gradient each one call)
 * and each bias gradient one {@code sgemv}. Depthwise convolutions, ReLU6 masks, bias adds, pooling
 * and the dense head run in Java, split by channel over a fixed pool of worker threads. Every
 * buffer is native memory allocated once, in the constructor, for {@link #maxBatch()} rows; a step
 * allocates nothing but small heap arrays.
 *
 * <p>The master copy of the parameters is a heap {@link TailParameters}; the Adam update runs there
 * (same arithmetic as {@link TailAdam}) and the 1×1 weights are copied into native memory
 * afterwards. Each matrix product is split across the workers, every slice a single-threaded
 * OpenBLAS call; OpenBLAS's thread count is process-wide, and this class sets it to 1.
 *
 * <p>Not thread-safe. Close it to free the native memory; {@link #close()} is idempotent.
 */
public final class CpuTailNetwork implements TailNetwork {
  private final TailSpec spec;
  private final int numClasses;
  private final int maxBatch;
  private final int threads;
  private final TailAdam adam;
  private final WorkerPool pool;
  private final List<NativeBuffer> owned = new ArrayList<>();

  private final NativeBuffer input;
  private final List<Block> blocks = new ArrayList<>();
  private final Pointwise last;
  private final NativeBuffer lastOut;
  private final NativeBuffer gradA;
  private final NativeBuffer gradB;
  private final NativeBuffer gradHiddenIn;
  private final NativeBuffer gradHiddenOut;
  private final NativeBuffer ones;
  private final float[][] rowScratch;
  private final float[][] rowScratch2;
  private final float[][] rowScratch3;
  private final int headIndex;

  private TailParameters params;
  private TailParameters grads;
  private TailAdam.Moments moments;
  private final float[] pooled;
  private final float[] dropped;
  private final float[] probs;
  private final float[] dPooled;
  private boolean closed;

  /** A 1×1 convolution's native weights and gradient views, and its parameter indices. */
  private static final class Pointwise {
    final Conv1x1Spec spec;
    final int weightIndex;
    final NativeBuffer weight;
    final NativeBuffer weightGrad;
    final NativeBuffer biasGrad;

    Pointwise(Conv1x1Spec spec, int weightIndex, CpuTailNetwork owner) {
      this.spec = spec;
      this.weightIndex = weightIndex;
      this.weight = owner.allocate((long) spec.inChannels() * spec.outChannels());
      this.weightGrad = owner.allocate((long) spec.inChannels() * spec.outChannels());
      this.biasGrad = owner.allocate(spec.outChannels());
    }
  }

  /** One block's layers, activations and per-worker depthwise scratch. */
  private static final class Block {
    final InvertedResidualSpec spec;
    final Pointwise expand;
    final int dwWeightIndex;
    final Pointwise project;
    final NativeBuffer expanded;
    final NativeBuffer depthwise;
    final NativeBuffer output;
    final DepthwisePlanes[] planes;
    final int inPixels;
    final int outPixels;

    Block(InvertedResidualSpec spec, int firstIndex, CpuTailNetwork owner) {
      this.spec = spec;
      int p = firstIndex;
      int n = owner.maxBatch;
      this.inPixels = spec.inHeight() * spec.inWidth();
      this.outPixels = spec.outHeight() * spec.outWidth();
      if (spec.expand() != null) {
        expand = new Pointwise(spec.expand(), p, owner);
        expanded = owner.allocate((long) spec.hiddenChannels() * n * inPixels);
        p += 2;
      } else {
        expand = null;
        expanded = null;
      }
      dwWeightIndex = p;
      p += 2;
      project = new Pointwise(spec.project(), p, owner);
      depthwise = owner.allocate((long) spec.hiddenChannels() * n * outPixels);
      output = owner.allocate((long) spec.outChannels() * n * outPixels);
      planes = new DepthwisePlanes[owner.threads];
      for (int t = 0; t < planes.length; t++) {
        planes[t] = new DepthwisePlanes(spec.depthwise(), spec.inHeight(), spec.inWidth());
      }
    }

    int parameterCount() {
      return (expand == null ? 0 : 2) + 4;
    }
  }

  /**
   * @param spec the tail
   * @param numClasses classes of the dense head, at least 2
   * @param maxBatch largest batch, at least 1; buffers are sized for it
   * @param threads worker threads for the Java kernels and for OpenBLAS, at least 1
   * @param adam the optimiser used by {@link #trainStep}
   */
  public CpuTailNetwork(TailSpec spec, int numClasses, int maxBatch, int threads, TailAdam adam) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.adam = Objects.requireNonNull(adam, "adam");
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses = " + numClasses + ", expected >= 2");
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch = " + maxBatch + ", expected >= 1");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads = " + threads + ", expected >= 1");
    }
    this.numClasses = numClasses;
    this.maxBatch = maxBatch;
    this.threads = threads;
    blas_set_num_threads(1);
    this.pool = new WorkerPool(threads);
    try {
      int n = maxBatch;
      input = allocate((long) spec.inputSize() * n);
      int p = 0;
      long maxGrad = (long) spec.inputSize() * n;
      long maxHiddenIn = 1;
      long maxHiddenOut = 1;
      long maxRow = (long) n * spec.inHeight() * spec.inWidth();
      for (InvertedResidualSpec b : spec.blocks()) {
        Block block = new Block(b, p, this);
        blocks.add(block);
        p += block.parameterCount();
        maxGrad = Math.max(maxGrad, (long) b.outChannels() * n * block.outPixels);
        maxGrad = Math.max(maxGrad, (long) b.inChannels() * n * block.inPixels);
        maxHiddenIn = Math.max(maxHiddenIn, (long) b.hiddenChannels() * n * block.inPixels);
        maxHiddenOut = Math.max(maxHiddenOut, (long) b.hiddenChannels() * n * block.outPixels);
        maxRow = Math.max(maxRow, (long) n * block.inPixels);
      }
      last = new Pointwise(spec.lastConv(), p, this);
      headIndex = p + 2;
      int finalPixels = spec.finalHeight() * spec.finalWidth();
      lastOut = allocate((long) spec.featureDim() * n * finalPixels);
      gradA = allocate(maxGrad);
      gradB = allocate(maxGrad);
      gradHiddenIn = allocate(maxHiddenIn);
      gradHiddenOut = allocate(Math.max(maxHiddenOut, (long) spec.featureDim() * n * finalPixels));
      ones = allocate(maxRow);
      for (long i = 0; i < maxRow; i++) {
        ones.buffer.put((int) i, 1f);
      }
      rowScratch = new float[threads][Math.toIntExact(maxRow)];
      rowScratch2 = new float[threads][Math.toIntExact(maxRow)];
      rowScratch3 = new float[threads][Math.toIntExact(maxRow)];
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
    pooled = new float[maxBatch * spec.featureDim()];
    dropped = new float[maxBatch * spec.featureDim()];
    dPooled = new float[maxBatch * spec.featureDim()];
    probs = new float[maxBatch * numClasses];
  }

  /** Native float memory with a direct-buffer view; freed by {@link #close()}. */
  static final class NativeBuffer {
    final FloatPointer pointer;
    final FloatBuffer buffer;

    NativeBuffer(long length) {
      pointer = new FloatPointer(length);
      if (pointer.isNull()) {
        throw new OutOfMemoryError("cannot allocate " + length * 4 + " bytes of native memory");
      }
      pointer.zero();
      buffer = pointer.asBuffer();
    }
  }

  private NativeBuffer allocate(long length) {
    NativeBuffer b = new NativeBuffer(Math.max(1, length));
    owned.add(b);
    return b;
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
    return "cpu (" + threads + " threads, OpenBLAS)";
  }

  @Override
  public void setParameters(TailParameters parameters) {
    loadWeights(parameters);
    moments = adam.newMoments(params);
  }

  @Override
  public void loadWeights(TailParameters parameters) {
    open();
    if (params == null) {
      TailParameters shape =
          TailParameters.of(
              spec, numClasses, new float[numClasses * spec.featureDim()], new float[numClasses]);
      params = TailParameters.zerosLike(shape);
      grads = TailParameters.zerosLike(shape);
    }
    params.copyFrom(parameters);
    uploadPointwiseWeights();
    if (moments == null) {
      moments = adam.newMoments(params);
    }
  }

  private void uploadPointwiseWeights() {
    for (Block b : blocks) {
      if (b.expand != null) {
        upload(b.expand);
      }
      upload(b.project);
    }
    upload(last);
  }

  private void upload(Pointwise pw) {
    float[] w = params.tensor(pw.weightIndex);
    pw.weight.buffer.put(0, w, 0, w.length);
  }

  @Override
  public void getParameters(TailParameters destination) {
    open();
    requireParams();
    destination.copyFrom(params);
  }

  @Override
  public void features(float[] trunk, int n, float[] features) {
    forward(trunk, n);
    System.arraycopy(pooled, 0, features, 0, n * spec.featureDim());
  }

  @Override
  public void predict(float[] trunk, int n, float[] probabilities) {
    forward(trunk, n);
    head(n, null, null);
    System.arraycopy(probs, 0, probabilities, 0, n * numClasses);
  }

  @Override
  public double gradients(
      float[] trunk, int[] labels, int n, float[] dropoutScale, TailParameters gradients) {
    double loss = computeGradients(trunk, labels, n, dropoutScale);
    gradients.copyFrom(grads);
    return loss;
  }

  @Override
  public double trainStep(float[] trunk, int[] labels, int n, float[] dropoutScale) {
    double loss = computeGradients(trunk, labels, n, dropoutScale);
    adam.step(moments, params, grads);
    uploadPointwiseWeights();
    return loss;
  }

  private double computeGradients(float[] trunk, int[] labels, int n, float[] dropoutScale) {
    // OpenBLAS's thread count is process-wide: keep each call single-threaded (we split the work)
    blas_set_num_threads(1);
    DenseHead.checkLabels(labels, n, numClasses);
    forward(trunk, n);
    double loss = head(n, labels, dropoutScale);
    backward(n, labels, dropoutScale);
    return loss;
  }

  // ------------------------------------------------------------------ forward

  private void forward(float[] trunk, int n) {
    open();
    requireParams();
    if (n < 1 || n > maxBatch) {
      throw new IllegalArgumentException("batch of " + n + " rows, expected 1.." + maxBatch);
    }
    if (trunk.length < (long) n * spec.inputSize()) {
      throw new IllegalArgumentException(
          "trunk has " + trunk.length + " floats, expected " + n + "×" + spec.inputSize());
    }
    final int c0 = spec.inChannels();
    final int px0 = spec.inHeight() * spec.inWidth();
    final FloatBuffer in = input.buffer;
    pool.parallelFor(
        c0,
        (worker, from, to) -> {
          for (int c = from; c < to; c++) {
            for (int img = 0; img < n; img++) {
              in.put((c * n + img) * px0, trunk, (img * c0 + c) * px0, px0);
            }
          }
        });
    NativeBuffer x = input;
    for (Block b : blocks) {
      forwardBlock(b, x, n);
      x = b.output;
    }
    forwardLast(x, n);
  }

  private void forwardBlock(Block b, NativeBuffer x, int n) {
    InvertedResidualSpec s = b.spec;
    int colsIn = n * b.inPixels;
    int colsOut = n * b.outPixels;
    int hidden = s.hiddenChannels();
    NativeBuffer dwIn = x;
    if (b.expand != null) {
      gemm(false, false, hidden, colsIn, s.inChannels(), b.expand.weight, x, 0f, b.expanded);
      dwIn = b.expanded;
    }
    final NativeBuffer src = dwIn;
    final boolean activateInput = b.expand != null;
    final float[] expandBias = activateInput ? params.tensor(b.expand.weightIndex + 1) : null;
    final float[] dwWeight = params.tensor(b.dwWeightIndex);
    final float[] dwBias = params.tensor(b.dwWeightIndex + 1);
    final int kk = s.depthwise().kernel() * s.depthwise().kernel();
    pool.parallelFor(
        hidden,
        (worker, from, to) -> {
          float[] rowIn = rowScratch[worker];
          float[] rowOut = rowScratch2[worker];
          DepthwisePlanes planes = b.planes[worker];
          for (int c = from; c < to; c++) {
            src.buffer.get(c * colsIn, rowIn, 0, colsIn);
            if (activateInput) {
              float bias = expandBias[c];
              for (int j = 0; j < colsIn; j++) {
                rowIn[j] = Math.min(Math.max(rowIn[j] + bias, 0f), 6f);
              }
              src.buffer.put(c * colsIn, rowIn, 0, colsIn);
            }
            for (int img = 0; img < n; img++) {
              planes.forward(
                  rowIn,
                  img * b.inPixels,
                  dwWeight,
                  c * kk,
                  dwBias[c],
                  true,
                  rowOut,
                  img * b.outPixels);
            }
            b.depthwise.buffer.put(c * colsOut, rowOut, 0, colsOut);
          }
        });
    // output = project bias (+ block input when residual), then += W·depthwise
    final float[] projectBias = params.tensor(b.project.weightIndex + 1);
    final boolean residual = s.residual();
    pool.parallelFor(
        s.outChannels(),
        (worker, from, to) -> {
          float[] row = rowScratch[worker];
          for (int c = from; c < to; c++) {
            float bias = projectBias[c];
            if (residual) {
              x.buffer.get(c * colsOut, row, 0, colsOut);
              for (int j = 0; j < colsOut; j++) {
                row[j] += bias;
              }
            } else {
              java.util.Arrays.fill(row, 0, colsOut, bias);
            }
            b.output.buffer.put(c * colsOut, row, 0, colsOut);
          }
        });
    gemm(
        false,
        false,
        s.outChannels(),
        colsOut,
        hidden,
        b.project.weight,
        b.depthwise,
        1f,
        b.output);
  }

  private void forwardLast(NativeBuffer x, int n) {
    int pixels = spec.finalHeight() * spec.finalWidth();
    int cols = n * pixels;
    int d = spec.featureDim();
    gemm(false, false, d, cols, last.spec.inChannels(), last.weight, x, 0f, lastOut);
    final float[] bias = params.tensor(last.weightIndex + 1);
    final float inv = 1f / pixels;
    pool.parallelFor(
        d,
        (worker, from, to) -> {
          float[] row = rowScratch[worker];
          for (int c = from; c < to; c++) {
            lastOut.buffer.get(c * cols, row, 0, cols);
            float b = bias[c];
            for (int img = 0; img < n; img++) {
              float sum = 0;
              int o = img * pixels;
              for (int p = 0; p < pixels; p++) {
                float v = Math.min(Math.max(row[o + p] + b, 0f), 6f);
                row[o + p] = v;
                sum += v;
              }
              pooled[img * d + c] = sum * inv;
            }
            lastOut.buffer.put(c * cols, row, 0, cols);
          }
        });
  }

  /** Dense head and softmax on the heap; returns the mean cross-entropy (0 without labels). */
  private double head(int n, int[] labels, float[] dropoutScale) {
    int d = spec.featureDim();
    float[] w = params.tensor(headIndex);
    float[] bias = params.tensor(headIndex + 1);
    float[] x = DenseHead.applyDropout(pooled, dropoutScale, n, d, dropped);
    return DenseHead.forward(w, bias, numClasses, d, x, n, labels, probs);
  }

  // ------------------------------------------------------------------ backward

  private void backward(int n, int[] labels, float[] dropoutScale) {
    int d = spec.featureDim();
    float[] x = dropoutScale != null ? dropped : pooled;
    float[] w = params.tensor(headIndex);
    float[] gw = grads.tensor(headIndex);
    float[] gb = grads.tensor(headIndex + 1);
    DenseHead.backward(w, numClasses, d, x, n, labels, probs, dropoutScale, dPooled, gw, gb);
    // last conv: gradient through pooling and ReLU6 into gradHiddenOut
    int pixels = spec.finalHeight() * spec.finalWidth();
    int cols = n * pixels;
    final NativeBuffer gLast = gradHiddenOut;
    final float inv = 1f / pixels;
    pool.parallelFor(
        d,
        (worker, from, to) -> {
          float[] row = rowScratch[worker];
          for (int c = from; c < to; c++) {
            lastOut.buffer.get(c * cols, row, 0, cols);
            for (int img = 0; img < n; img++) {
              float g = dPooled[img * d + c] * inv;
              int o = img * pixels;
              for (int p = 0; p < pixels; p++) {
                float v = row[o + p];
                row[o + p] = g * Math.min(v * (6f - v) * 1e38f * 1e38f, 1f);
              }
            }
            gLast.buffer.put(c * cols, row, 0, cols);
          }
        });
    Block lastBlock = blocks.get(blocks.size() - 1);
    NativeBuffer lastIn = lastBlock.output;
    int cin = last.spec.inChannels();
    gemm(false, true, d, cin, cols, gLast, lastIn, 0f, last.weightGrad);
    rowSums(d, cols, gLast, last.biasGrad);
    NativeBuffer dy = gradA;
    NativeBuffer spare = gradB;
    gemmTransA(cin, cols, d, last.weight, gLast, 0f, dy);
    download(last);
    for (int bi = blocks.size() - 1; bi >= 0; bi--) {
      Block b = blocks.get(bi);
      NativeBuffer x0 = bi == 0 ? input : blocks.get(bi - 1).output;
      backwardBlock(b, x0, dy, spare, n, bi > 0);
      NativeBuffer t = dy;
      dy = spare;
      spare = t;
    }
  }

  /**
   * Backward through one block. {@code dy} holds the gradient of the block output; the gradient of
   * the block input is written to {@code dx} when {@code needInputGrad}.
   */
  private void backwardBlock(
      Block b, NativeBuffer x, NativeBuffer dy, NativeBuffer dx, int n, boolean needInputGrad) {
    InvertedResidualSpec s = b.spec;
    int colsIn = n * b.inPixels;
    int colsOut = n * b.outPixels;
    int hidden = s.hiddenChannels();
    int cout = s.outChannels();
    gemm(false, true, cout, hidden, colsOut, dy, b.depthwise, 0f, b.project.weightGrad);
    rowSums(cout, colsOut, dy, b.project.biasGrad);
    NativeBuffer gD = gradHiddenOut;
    gemmTransA(hidden, colsOut, cout, b.project.weight, dy, 0f, gD);
    download(b.project);

    boolean hasExpand = b.expand != null;
    // the depthwise input's gradient: into gradHiddenIn (then through the expansion), or straight
    // into dx for a block without expansion
    final NativeBuffer gIn = hasExpand ? gradHiddenIn : (needInputGrad ? dx : null);
    final NativeBuffer dwIn = hasExpand ? b.expanded : x;
    final float[] dwWeight = params.tensor(b.dwWeightIndex);
    final float[] gDwWeight = grads.tensor(b.dwWeightIndex);
    final float[] gDwBias = grads.tensor(b.dwWeightIndex + 1);
    final int kk = s.depthwise().kernel() * s.depthwise().kernel();
    pool.parallelFor(
        hidden,
        (worker, from, to) -> {
          float[] rowG = rowScratch[worker];
          float[] rowIn = rowScratch2[worker];
          float[] rowGIn = rowScratch3[worker];
          // the depthwise output is only needed for the mask, before rowGIn is written
          float[] rowD = rowGIn;
          DepthwisePlanes planes = b.planes[worker];
          double[] dW = new double[kk];
          for (int c = from; c < to; c++) {
            gD.buffer.get(c * colsOut, rowG, 0, colsOut);
            b.depthwise.buffer.get(c * colsOut, rowD, 0, colsOut);
            relu6Mask(rowD, rowG, colsOut);
            dwIn.buffer.get(c * colsIn, rowIn, 0, colsIn);
            java.util.Arrays.fill(dW, 0.0);
            planes.startChannel();
            double db = 0;
            for (int img = 0; img < n; img++) {
              db +=
                  planes.backward(
                      rowG,
                      img * b.outPixels,
                      rowIn,
                      img * b.inPixels,
                      dwWeight,
                      c * kk,
                      dW,
                      gIn == null ? null : rowGIn,
                      img * b.inPixels);
            }
            planes.finishChannel(dW);
            for (int t = 0; t < kk; t++) {
              gDwWeight[c * kk + t] = (float) dW[t];
            }
            gDwBias[c] = (float) db;
            if (gIn != null) {
              if (hasExpand) {
                relu6Mask(rowIn, rowGIn, colsIn);
              }
              gIn.buffer.put(c * colsIn, rowGIn, 0, colsIn);
            }
          }
        });
    if (hasExpand) {
      int cin = s.inChannels();
      gemm(false, true, hidden, cin, colsIn, gradHiddenIn, x, 0f, b.expand.weightGrad);
      rowSums(hidden, colsIn, gradHiddenIn, b.expand.biasGrad);
      download(b.expand);
      if (needInputGrad) {
        float beta = 0f;
        if (s.residual()) {
          cblas_scopy(cin * colsIn, dy.pointer, 1, dx.pointer, 1);
          beta = 1f;
        }
        gemmTransA(cin, colsIn, hidden, b.expand.weight, gradHiddenIn, beta, dx);
      }
    } else if (needInputGrad && s.residual()) {
      cblas_saxpyAdd(s.inChannels() * colsIn, dy, dx);
    }
  }

  /**
   * {@code g[j] = 0} where the ReLU6 output {@code y[j]} is 0 or 6, branch-free so that the JIT
   * vectorises it: for {@code y} in {@code [0, 6]}, {@code y·(6 − y)} is 0 exactly at the ends and
   * at least ~1e-44 inside, which {@code ·1e76} (overflowing to infinity) lifts above 1.
   */
  static void relu6Mask(float[] y, float[] g, int len) {
    for (int j = 0; j < len; j++) {
      float v = y[j];
      g[j] = g[j] * Math.min(v * (6f - v) * 1e38f * 1e38f, 1f);
    }
  }

  private static void cblas_saxpyAdd(int len, NativeBuffer from, NativeBuffer into) {
    org.bytedeco.openblas.global.openblas.cblas_saxpy(len, 1f, from.pointer, 1, into.pointer, 1);
  }

  private void download(Pointwise pw) {
    float[] gw = grads.tensor(pw.weightIndex);
    pw.weightGrad.buffer.get(0, gw, 0, gw.length);
    float[] gb = grads.tensor(pw.weightIndex + 1);
    pw.biasGrad.buffer.get(0, gb, 0, gb.length);
  }

  // ------------------------------------------------------------------ BLAS

  /**
   * {@code c = op(a)·op(b) + beta·c}, row-major, {@code op(a)} is {@code m×k}, split across the
   * workers, each calling single-threaded OpenBLAS on its slice: by columns of {@code c} when
   * {@code b} is not transposed (activations), by rows when it is (weight gradients, whose long
   * dimension is the reduction). Threads park between calls instead of spinning, which matters on a
   * shared machine.
   */
  private void gemm(
      boolean transA,
      boolean transB,
      int m,
      int ncols,
      int k,
      NativeBuffer a,
      NativeBuffer b,
      float beta,
      NativeBuffer c) {
    final int lda = transA ? m : k;
    final int ldb = transB ? k : ncols;
    final int opA = transA ? CblasTrans : CblasNoTrans;
    final int opB = transB ? CblasTrans : CblasNoTrans;
    if (!transB) {
      pool.parallelFor(
          ncols,
          (worker, from, to) ->
              cblas_sgemm(
                  CblasRowMajor,
                  opA,
                  opB,
                  m,
                  to - from,
                  k,
                  1f,
                  a.pointer,
                  lda,
                  view(b, from),
                  ldb,
                  beta,
                  view(c, from),
                  ncols));
    } else {
      if (transA) {
        throw new IllegalArgumentException("gemm with both operands transposed is not used");
      }
      pool.parallelFor(
          m,
          (worker, from, to) ->
              cblas_sgemm(
                  CblasRowMajor,
                  opA,
                  opB,
                  to - from,
                  ncols,
                  k,
                  1f,
                  view(a, (long) from * lda),
                  lda,
                  b.pointer,
                  ldb,
                  beta,
                  view(c, (long) from * ncols),
                  ncols));
    }
  }

  /** {@code c = aᵀ·b + beta·c} where {@code a} is {@code k×m} (a weight matrix). */
  private void gemmTransA(
      int m, int ncols, int k, NativeBuffer a, NativeBuffer b, float beta, NativeBuffer c) {
    gemm(true, false, m, ncols, k, a, b, beta, c);
  }

  /** {@code out[r] = Σ_j a[r][j]} for an {@code rows × cols} matrix, split by rows. */
  private void rowSums(int rows, int cols, NativeBuffer a, NativeBuffer out) {
    pool.parallelFor(
        rows,
        (worker, from, to) ->
            cblas_sgemv(
                CblasRowMajor,
                CblasNoTrans,
                to - from,
                cols,
                1f,
                view(a, (long) from * cols),
                cols,
                ones.pointer,
                1,
                0f,
                view(out, from),
                1));
  }

  /** A non-owning pointer to {@code buffer} at {@code offset} floats (one per call and thread). */
  private static FloatPointer view(NativeBuffer buffer, long offset) {
    return new FloatPointer(buffer.pointer).position(offset);
  }

  private void requireParams() {
    if (params == null) {
      throw new IllegalStateException("CpuTailNetwork has no parameters; call setParameters first");
    }
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("CpuTailNetwork is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (pool != null) {
      pool.close();
    }
    for (NativeBuffer b : owned) {
      b.pointer.close();
    }
    owned.clear();
  }
}
