package org.samplesize.train.cuda.tail;

import static org.samplesize.train.cuda.CudaStatus.checkCuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.FloatPointer;
import org.samplesize.train.Adam;
import org.samplesize.train.cuda.DeviceBuffer;
import org.samplesize.train.cuda.KernelModule;
import org.samplesize.train.tail.DenseHead;
import org.samplesize.train.tail.InvertedResidualSpec;
import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailNetwork;
import org.samplesize.train.tail.TailParameters;
import org.samplesize.train.tail.TailSpec;

/**
 * The tail on a CUDA GPU, the same computation as {@code CpuTailNetwork}: channel-major
 * activations, each 1×1 convolution of a batch one cuBLAS {@code sgemm} (row-major products mapped
 * onto column-major cuBLAS by {@link GemmMapping}), bias gradients as {@code sgemv} against a ones
 * vector, and NVRTC kernels ({@link TailKernels}) for the depthwise convolution, ReLU6, pooling and
 * the Adam update of every convolution tensor. The dense head (a few thousand multiply-adds per
 * row) runs on the host with {@link DenseHead} and the shared {@link Adam}, so both backends
 * compute it identically. All device memory is allocated in the constructor for {@link #maxBatch()}
 * rows.
 *
 * <p>Not thread-safe. {@link #close()} frees the device memory and is idempotent.
 */
public final class CudaTailNetwork implements TailNetwork {
  private final TailSpec spec;
  private final int numClasses;
  private final int maxBatch;
  private final TailAdam adam;
  private final String deviceName;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final FloatPointer one = new FloatPointer(1f);
  private final FloatPointer zero = new FloatPointer(0f);
  private KernelModule kernels;
  private cublasContext handle;

  /** Device copies of the convolution tensors in {@link TailParameters} order (head excluded). */
  private final DeviceBuffer[] params;

  private final DeviceBuffer[] grads;
  private final DeviceBuffer[] m;
  private final DeviceBuffer[] v;
  private final int headIndex;

  private final DeviceBuffer rows;
  private final DeviceBuffer input;
  private final List<Block> blocks = new ArrayList<>();
  private final DeviceBuffer lastOut;
  private final DeviceBuffer pooledDev;
  private final DeviceBuffer dPooledDev;
  private final DeviceBuffer gradA;
  private final DeviceBuffer gradB;
  private final DeviceBuffer gradHiddenIn;
  private final DeviceBuffer gradHiddenOut;
  private final DeviceBuffer ones;

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
  private boolean loaded;
  private boolean closed;

  /** One block's activations and parameter indices. */
  private static final class Block {
    final InvertedResidualSpec spec;
    final int first;
    final boolean hasExpand;
    final DeviceBuffer expanded;
    final DeviceBuffer depthwise;
    final DeviceBuffer output;
    final int inPixels;
    final int outPixels;

    Block(
        InvertedResidualSpec spec,
        int first,
        DeviceBuffer expanded,
        DeviceBuffer depthwise,
        DeviceBuffer output) {
      this.spec = spec;
      this.first = first;
      this.hasExpand = spec.expand() != null;
      this.expanded = expanded;
      this.depthwise = depthwise;
      this.output = output;
      this.inPixels = spec.inHeight() * spec.inWidth();
      this.outPixels = spec.outHeight() * spec.outWidth();
    }

    int expandW() {
      return first;
    }

    int dwW() {
      return first + (hasExpand ? 2 : 0);
    }

    int projectW() {
      return dwW() + 2;
    }
  }

  /**
   * @param spec the tail
   * @param numClasses classes of the head, at least 2
   * @param maxBatch largest batch, at least 1
   * @param device CUDA device ordinal
   * @param adam the optimiser
   * @throws org.samplesize.SamplesizeException when a CUDA call fails (the message names it)
   */
  public CudaTailNetwork(TailSpec spec, int numClasses, int maxBatch, int device, TailAdam adam) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.adam = Objects.requireNonNull(adam, "adam");
    if (numClasses < 2 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "numClasses must be ≥ 2 and maxBatch ≥ 1, got " + numClasses + ", " + maxBatch);
    }
    for (InvertedResidualSpec b : spec.blocks()) {
      int k = b.depthwise().kernel();
      if (k * k > TailKernels.MAX_TAPS) {
        throw new IllegalArgumentException(b.name() + ": depthwise kernel " + k + " is too large");
      }
    }
    this.numClasses = numClasses;
    this.maxBatch = maxBatch;
    checkCuda(cudart.cudaSetDevice(device), "cudaSetDevice");
    int[] attr = new int[1];
    checkCuda(
        cudart.cudaDeviceGetAttribute(attr, cudart.cudaDevAttrComputeCapabilityMajor, device),
        "cudaDeviceGetAttribute");
    int major = attr[0];
    checkCuda(
        cudart.cudaDeviceGetAttribute(attr, cudart.cudaDevAttrComputeCapabilityMinor, device),
        "cudaDeviceGetAttribute");
    int minor = attr[0];
    try (cudaDeviceProp prop = new cudaDeviceProp()) {
      checkCuda(cudart.cudaGetDeviceProperties(prop, device), "cudaGetDeviceProperties");
      deviceName = prop.name().getString();
    }
    TailParameters shape =
        TailParameters.of(
            spec, numClasses, new float[numClasses * spec.featureDim()], new float[numClasses]);
    headIndex = shape.size() - 2;
    params = new DeviceBuffer[headIndex];
    grads = new DeviceBuffer[headIndex];
    m = new DeviceBuffer[headIndex];
    v = new DeviceBuffer[headIndex];
    KernelModule km = null;
    cublasContext h = null;
    try {
      km = new KernelModule(TailKernels.SOURCE, "tail_kernels.cu", major, minor, TailKernels.NAMES);
      owned.add(km);
      h = new cublasContext();
      checkCuda(cublas.cublasCreate_v2(h), "cublasCreate_v2");
      for (int i = 0; i < headIndex; i++) {
        long len = shape.tensor(i).length;
        params[i] = own(DeviceBuffer.floats(shape.name(i), len));
        grads[i] = own(DeviceBuffer.floats("grad " + shape.name(i), len));
        m[i] = own(DeviceBuffer.floats("adam m " + shape.name(i), len));
        v[i] = own(DeviceBuffer.floats("adam v " + shape.name(i), len));
      }
      int n = maxBatch;
      rows = own(DeviceBuffer.floats("trunk rows", (long) n * spec.inputSize()));
      input = own(DeviceBuffer.floats("trunk channel-major", (long) n * spec.inputSize()));
      int p = 0;
      long maxGrad = (long) n * spec.inputSize();
      long maxHiddenIn = 1;
      long maxHiddenOut = 1;
      long maxCols = (long) n * spec.inHeight() * spec.inWidth();
      for (InvertedResidualSpec b : spec.blocks()) {
        long in = (long) n * b.inHeight() * b.inWidth();
        long out = (long) n * b.outHeight() * b.outWidth();
        Block block =
            new Block(
                b,
                p,
                b.expand() != null
                    ? own(DeviceBuffer.floats(b.name() + " expanded", b.hiddenChannels() * in))
                    : null,
                own(DeviceBuffer.floats(b.name() + " depthwise", b.hiddenChannels() * out)),
                own(DeviceBuffer.floats(b.name() + " output", b.outChannels() * out)));
        blocks.add(block);
        p += (block.hasExpand ? 2 : 0) + 4;
        maxGrad = Math.max(maxGrad, Math.max(b.outChannels() * out, b.inChannels() * in));
        maxHiddenIn = Math.max(maxHiddenIn, b.hiddenChannels() * in);
        maxHiddenOut = Math.max(maxHiddenOut, b.hiddenChannels() * out);
        maxCols = Math.max(maxCols, in);
      }
      long lastCols = (long) n * spec.finalHeight() * spec.finalWidth();
      lastOut = own(DeviceBuffer.floats("last conv", spec.featureDim() * lastCols));
      pooledDev = own(DeviceBuffer.floats("pooled", (long) n * spec.featureDim()));
      dPooledDev = own(DeviceBuffer.floats("pooled gradient", (long) n * spec.featureDim()));
      gradA = own(DeviceBuffer.floats("gradient A", maxGrad));
      gradB = own(DeviceBuffer.floats("gradient B", maxGrad));
      gradHiddenIn = own(DeviceBuffer.floats("hidden gradient in", maxHiddenIn));
      gradHiddenOut =
          own(
              DeviceBuffer.floats(
                  "hidden gradient out", Math.max(maxHiddenOut, spec.featureDim() * lastCols)));
      ones = own(DeviceBuffer.floats("ones", maxCols));
      float[] one = new float[(int) maxCols];
      java.util.Arrays.fill(one, 1f);
      ones.upload(one, 0);
    } catch (RuntimeException | Error e) {
      this.kernels = km;
      this.handle = h;
      closeAll();
      throw e;
    }
    this.kernels = km;
    this.handle = h;
    int hw = numClasses * spec.featureDim();
    headW = new float[hw];
    headB = new float[numClasses];
    headGw = new float[hw];
    headGb = new float[numClasses];
    headMw = new float[hw];
    headVw = new float[hw];
    headMb = new float[numClasses];
    headVb = new float[numClasses];
    pooled = new float[maxBatch * spec.featureDim()];
    dropped = new float[maxBatch * spec.featureDim()];
    dPooled = new float[maxBatch * spec.featureDim()];
    probs = new float[maxBatch * numClasses];
  }

  private DeviceBuffer own(DeviceBuffer b) {
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
    return "cuda (" + deviceName + ", cuBLAS + NVRTC)";
  }

  @Override
  public void setParameters(TailParameters parameters) {
    loadWeights(parameters);
    for (int i = 0; i < headIndex; i++) {
      m[i].zero();
      v[i].zero();
    }
    java.util.Arrays.fill(headMw, 0f);
    java.util.Arrays.fill(headVw, 0f);
    java.util.Arrays.fill(headMb, 0f);
    java.util.Arrays.fill(headVb, 0f);
    iteration = 0;
  }

  @Override
  public void loadWeights(TailParameters parameters) {
    open();
    if (parameters.size() != headIndex + 2) {
      throw new IllegalArgumentException(
          "parameters have " + parameters.size() + " tensors, expected " + (headIndex + 2));
    }
    for (int i = 0; i < headIndex; i++) {
      params[i].upload(parameters.tensor(i), 0);
    }
    System.arraycopy(parameters.tensor(headIndex), 0, headW, 0, headW.length);
    System.arraycopy(parameters.tensor(headIndex + 1), 0, headB, 0, headB.length);
    loaded = true;
  }

  @Override
  public void getParameters(TailParameters destination) {
    open();
    requireLoaded();
    for (int i = 0; i < headIndex; i++) {
      params[i].download(destination.tensor(i), 0);
    }
    System.arraycopy(headW, 0, destination.tensor(headIndex), 0, headW.length);
    System.arraycopy(headB, 0, destination.tensor(headIndex + 1), 0, headB.length);
  }

  @Override
  public void features(float[] trunk, int n, float[] features) {
    forward(trunk, n);
    System.arraycopy(pooled, 0, features, 0, n * spec.featureDim());
  }

  @Override
  public void predict(float[] trunk, int n, float[] probabilities) {
    forward(trunk, n);
    DenseHead.forward(headW, headB, numClasses, spec.featureDim(), pooled, n, null, probs);
    System.arraycopy(probs, 0, probabilities, 0, n * numClasses);
  }

  @Override
  public double gradients(
      float[] trunk, int[] labels, int n, float[] dropoutScale, TailParameters gradients) {
    double loss = computeGradients(trunk, labels, n, dropoutScale);
    for (int i = 0; i < headIndex; i++) {
      grads[i].download(gradients.tensor(i), 0);
    }
    System.arraycopy(headGw, 0, gradients.tensor(headIndex), 0, headGw.length);
    System.arraycopy(headGb, 0, gradients.tensor(headIndex + 1), 0, headGb.length);
    return loss;
  }

  @Override
  public double trainStep(float[] trunk, int[] labels, int n, float[] dropoutScale) {
    double loss = computeGradients(trunk, labels, n, dropoutScale);
    Adam a = adam.adam();
    iteration++;
    float alpha = a.alpha(iteration);
    for (int i = 0; i < headIndex; i++) {
      long len = params[i].bytes() / Float.BYTES;
      kernels.launch(
          "adam",
          TailKernels.blocks(len, TailKernels.BLOCK),
          TailKernels.BLOCK,
          params[i],
          grads[i],
          m[i],
          v[i],
          len,
          alpha,
          a.oneMinusBeta1(),
          a.oneMinusBeta2(),
          a.epsilon());
    }
    a.update(headW, 0, headGw, 0, headMw, headVw, 0, headW.length, alpha);
    a.update(headB, 0, headGb, 0, headMb, headVb, 0, headB.length, alpha);
    checkCuda(cudart.cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    return loss;
  }

  private double computeGradients(float[] trunk, int[] labels, int n, float[] dropoutScale) {
    DenseHead.checkLabels(labels, n, numClasses);
    forward(trunk, n);
    int d = spec.featureDim();
    float[] x = DenseHead.applyDropout(pooled, dropoutScale, n, d, dropped);
    double loss = DenseHead.forward(headW, headB, numClasses, d, x, n, labels, probs);
    DenseHead.backward(
        headW, numClasses, d, x, n, labels, probs, dropoutScale, dPooled, headGw, headGb);
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
    int size = spec.inputSize();
    if (trunk.length < (long) n * size) {
      throw new IllegalArgumentException(
          "trunk has " + trunk.length + " floats, expected " + n + "×" + size);
    }
    try (FloatPointer host = new FloatPointer((long) n * size)) {
      host.put(trunk, 0, n * size);
      checkCuda(
          cudart.cudaMemcpy(
              rows.floatsAt(0), host, (long) n * size * Float.BYTES, cudart.cudaMemcpyHostToDevice),
          "cudaMemcpy");
    }
    int px = spec.inHeight() * spec.inWidth();
    launch("to_channel_major", (long) n * size, rows, input, n, spec.inChannels(), px);
    DeviceBuffer x = input;
    for (Block b : blocks) {
      forwardBlock(b, x, n);
      x = b.output;
    }
    int lastPx = spec.finalHeight() * spec.finalWidth();
    int d = spec.featureDim();
    int cin = spec.lastConv().inChannels();
    gemm(false, false, d, n * lastPx, cin, params[headIndex - 2], x, 0f, lastOut);
    launch(
        "last_relu6_pool", (long) d * n, lastOut, params[headIndex - 1], pooledDev, d, n, lastPx);
    pooledDev.download(pooled, 0);
  }

  private void forwardBlock(Block b, DeviceBuffer x, int n) {
    InvertedResidualSpec s = b.spec;
    int colsIn = n * b.inPixels;
    int colsOut = n * b.outPixels;
    int hidden = s.hiddenChannels();
    DeviceBuffer dwIn = x;
    if (b.hasExpand) {
      gemm(false, false, hidden, colsIn, s.inChannels(), params[b.expandW()], x, 0f, b.expanded);
      launch(
          "bias_relu6",
          (long) hidden * colsIn,
          b.expanded,
          params[b.expandW() + 1],
          hidden,
          (long) colsIn);
      dwIn = b.expanded;
    }
    var dw = s.depthwise();
    launch(
        "dw_forward",
        (long) hidden * colsOut,
        dwIn,
        params[b.dwW()],
        params[b.dwW() + 1],
        b.depthwise,
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
    launch(
        "fill_bias",
        (long) s.outChannels() * colsOut,
        b.output,
        params[b.projectW() + 1],
        s.residual() ? x : null,
        s.outChannels(),
        (long) colsOut);
    gemm(
        false,
        false,
        s.outChannels(),
        colsOut,
        hidden,
        params[b.projectW()],
        b.depthwise,
        1f,
        b.output);
  }

  // ------------------------------------------------------------------ backward

  private void backward(int n) {
    int d = spec.featureDim();
    int lastPx = spec.finalHeight() * spec.finalWidth();
    int cols = n * lastPx;
    dPooledDev.upload(java.util.Arrays.copyOf(dPooled, n * d), 0);
    launch("pool_backward", (long) d * cols, lastOut, dPooledDev, gradHiddenOut, d, n, lastPx);
    DeviceBuffer lastIn = blocks.get(blocks.size() - 1).output;
    int cin = spec.lastConv().inChannels();
    int lw = headIndex - 2;
    gemm(false, true, d, cin, cols, gradHiddenOut, lastIn, 0f, grads[lw]);
    rowSums(d, cols, gradHiddenOut, grads[lw + 1]);
    DeviceBuffer dy = gradA;
    DeviceBuffer spare = gradB;
    gemm(true, false, cin, cols, d, params[lw], gradHiddenOut, 0f, dy);
    for (int bi = blocks.size() - 1; bi >= 0; bi--) {
      Block b = blocks.get(bi);
      DeviceBuffer x = bi == 0 ? input : blocks.get(bi - 1).output;
      backwardBlock(b, x, dy, spare, n, bi > 0);
      DeviceBuffer t = dy;
      dy = spare;
      spare = t;
    }
  }

  private void backwardBlock(
      Block b, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dx, int n, boolean needInputGrad) {
    InvertedResidualSpec s = b.spec;
    int colsIn = n * b.inPixels;
    int colsOut = n * b.outPixels;
    int hidden = s.hiddenChannels();
    int cout = s.outChannels();
    int pw = b.projectW();
    gemm(false, true, cout, hidden, colsOut, dy, b.depthwise, 0f, grads[pw]);
    rowSums(cout, colsOut, dy, grads[pw + 1]);
    DeviceBuffer gD = gradHiddenOut;
    gemm(true, false, hidden, colsOut, cout, params[pw], dy, 0f, gD);
    launch("relu6_mask", (long) hidden * colsOut, b.depthwise, gD, (long) hidden * colsOut);
    var dw = s.depthwise();
    DeviceBuffer dwIn = b.hasExpand ? b.expanded : x;
    kernels.launch(
        "dw_backward_weight",
        hidden,
        TailKernels.BLOCK,
        gD,
        dwIn,
        grads[b.dwW()],
        grads[b.dwW() + 1],
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
    DeviceBuffer gIn = b.hasExpand ? gradHiddenIn : (needInputGrad ? dx : null);
    if (gIn != null) {
      launch(
          "dw_backward_input",
          (long) hidden * colsIn,
          gD,
          params[b.dwW()],
          b.hasExpand ? b.expanded : null,
          gIn,
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
    if (b.hasExpand) {
      int cin = s.inChannels();
      int ew = b.expandW();
      gemm(false, true, hidden, cin, colsIn, gradHiddenIn, x, 0f, grads[ew]);
      rowSums(hidden, colsIn, gradHiddenIn, grads[ew + 1]);
      if (needInputGrad) {
        float beta = 0f;
        if (s.residual()) {
          DeviceBuffer.copy(dy, 0, dx, 0, (long) cin * colsIn);
          beta = 1f;
        }
        gemm(true, false, cin, colsIn, hidden, params[ew], gradHiddenIn, beta, dx);
      }
    } else if (needInputGrad && s.residual()) {
      launch("add_into", (long) s.inChannels() * colsIn, dx, dy, (long) s.inChannels() * colsIn);
    }
  }

  // ------------------------------------------------------------------ cuBLAS and kernels

  private void gemm(
      boolean transA,
      boolean transB,
      int mRows,
      int nCols,
      int k,
      DeviceBuffer a,
      DeviceBuffer b,
      float beta,
      DeviceBuffer c) {
    if (beta != 0f && beta != 1f) {
      throw new IllegalArgumentException("beta must be 0 or 1, got " + beta);
    }
    GemmMapping g = GemmMapping.rowMajor(transA, transB, mRows, nCols, k);
    checkCuda(
        cublas.cublasSgemm_v2(
            handle,
            g.opFirst() ? cublas.CUBLAS_OP_T : cublas.CUBLAS_OP_N,
            g.opSecond() ? cublas.CUBLAS_OP_T : cublas.CUBLAS_OP_N,
            g.m(),
            g.n(),
            g.k(),
            one,
            b.floatsAt(0),
            g.ldFirst(),
            a.floatsAt(0),
            g.ldSecond(),
            beta == 0f ? zero : one,
            c.floatsAt(0),
            g.ldc()),
        "cublasSgemm_v2");
  }

  /** {@code out[r] = Σ_j a[r][j]} for a row-major {@code rows × cols} matrix. */
  private void rowSums(int rowsCount, int cols, DeviceBuffer a, DeviceBuffer out) {
    // column-major view of a row-major matrix is its transpose (cols × rows, ld = cols)
    checkCuda(
        cublas.cublasSgemv_v2(
            handle,
            cublas.CUBLAS_OP_T,
            cols,
            rowsCount,
            one,
            a.floatsAt(0),
            cols,
            ones.floatsAt(0),
            1,
            zero,
            out.floatsAt(0),
            1),
        "cublasSgemv_v2");
  }

  /** Launches an element-wise kernel over {@code total} threads; null buffers pass address 0. */
  private void launch(String kernel, long total, Object... args) {
    Object[] a = args.clone();
    for (int i = 0; i < a.length; i++) {
      if (a[i] == null) {
        a[i] = 0L;
      }
    }
    kernels.launch(kernel, TailKernels.blocks(total, TailKernels.BLOCK), TailKernels.BLOCK, a);
  }

  private void requireLoaded() {
    if (!loaded) {
      throw new IllegalStateException("CudaTailNetwork has no parameters; call setParameters");
    }
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("CudaTailNetwork is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeAll();
  }

  private void closeAll() {
    one.close();
    zero.close();
    if (handle != null) {
      cublas.cublasDestroy_v2(handle);
    }
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        // keep freeing the rest; a failed free leaves nothing to retry
      }
    }
    owned.clear();
  }
}
