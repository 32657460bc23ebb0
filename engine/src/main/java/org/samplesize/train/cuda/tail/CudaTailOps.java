package org.samplesize.train.cuda.tail;

import static org.samplesize.train.cuda.CudaStatus.checkCuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.FloatPointer;
import org.samplesize.train.Adam;
import org.samplesize.train.cuda.DeviceBuffer;
import org.samplesize.train.cuda.KernelModule;
import org.samplesize.train.tail.InvertedResidualSpec;
import org.samplesize.train.tail.TailDeviceOps;
import org.samplesize.train.tail.TailLayout;
import org.samplesize.train.tail.TailParameters;
import org.samplesize.train.tail.TailSpec;

/**
 * The tail's device work on a CUDA GPU: each 1×1 convolution of a batch one cuBLAS {@code sgemm}
 * (row-major products mapped onto column-major cuBLAS by {@link GemmMapping}), bias gradients as
 * {@code sgemv} against a ones vector, and NVRTC kernels ({@link TailKernels}) for the depthwise
 * convolution, ReLU6, pooling and the Adam update of every convolution tensor, whose values,
 * gradients and moments stay on the device. Owns a cuBLAS handle, the compiled module and every
 * buffer; {@link #close()} frees them.
 */
final class CudaTailOps implements TailDeviceOps {
  private final TailSpec spec;
  private final Adam adam;
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
  private final DeviceBuffer rows;
  private final DeviceBuffer pooledDev;
  private final DeviceBuffer dPooledDev;
  private final DeviceBuffer ones;
  private final TailLaunches launches;
  private boolean closed;

  /**
   * @param spec the tail
   * @param layout its parameter layout
   * @param numClasses classes of the head (for the parameter shape)
   * @param maxBatch largest batch
   * @param device CUDA device ordinal
   * @param adam the optimiser
   * @throws org.samplesize.SamplesizeException when a CUDA call fails (the message names it)
   */
  CudaTailOps(
      TailSpec spec, TailLayout layout, int numClasses, int maxBatch, int device, Adam adam) {
    for (InvertedResidualSpec b : spec.blocks()) {
      int k = b.depthwise().kernel();
      if (k * k > TailKernels.MAX_TAPS) {
        throw new IllegalArgumentException(b.name() + ": depthwise kernel " + k + " is too large");
      }
    }
    this.spec = spec;
    this.adam = adam;
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
    int convTensors = layout.head();
    params = new DeviceBuffer[convTensors];
    grads = new DeviceBuffer[convTensors];
    m = new DeviceBuffer[convTensors];
    v = new DeviceBuffer[convTensors];
    try {
      kernels =
          new KernelModule(TailKernels.SOURCE, "tail_kernels.cu", major, minor, TailKernels.NAMES);
      owned.add(kernels);
      cublasContext h = new cublasContext();
      checkCuda(cublas.cublasCreate_v2(h), "cublasCreate_v2");
      handle = h;
      for (int i = 0; i < convTensors; i++) {
        long len = shape.tensor(i).length;
        params[i] = own(DeviceBuffer.floats(shape.name(i), len));
        grads[i] = own(DeviceBuffer.floats("grad " + shape.name(i), len));
        m[i] = own(DeviceBuffer.floats("adam m " + shape.name(i), len));
        v[i] = own(DeviceBuffer.floats("adam v " + shape.name(i), len));
      }
      long n = maxBatch;
      rows = own(DeviceBuffer.floats("trunk rows", n * spec.inputSize()));
      pooledDev = own(DeviceBuffer.floats("pooled", n * spec.featureDim()));
      dPooledDev = own(DeviceBuffer.floats("pooled gradient", n * spec.featureDim()));
      long maxCols = n * spec.inHeight() * spec.inWidth();
      for (InvertedResidualSpec b : spec.blocks()) {
        maxCols = Math.max(maxCols, n * b.inHeight() * b.inWidth());
      }
      ones = own(DeviceBuffer.floats("ones", maxCols));
      float[] hostOnes = new float[(int) maxCols];
      Arrays.fill(hostOnes, 1f);
      ones.upload(hostOnes, 0);
      long[] lengths = new long[convTensors];
      for (int i = 0; i < convTensors; i++) {
        lengths[i] = shape.tensor(i).length;
      }
      launches = new TailLaunches(spec, layout, params, grads, m, v, lengths, this::launch);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private DeviceBuffer own(DeviceBuffer b) {
    owned.add(b);
    return b;
  }

  @Override
  public String name() {
    return "cuda (" + deviceName + ", cuBLAS + NVRTC)";
  }

  @Override
  public DeviceBuffer allocate(String what, long floats) {
    return own(DeviceBuffer.floats(what, floats));
  }

  @Override
  public Buffer weight(int index) {
    return params[index];
  }

  @Override
  public Buffer gradient(int index) {
    return grads[index];
  }

  @Override
  public void loadParameters(TailParameters parameters) {
    for (int i = 0; i < params.length; i++) {
      params[i].upload(parameters.tensor(i), 0);
    }
  }

  @Override
  public void readParameters(TailParameters destination) {
    for (int i = 0; i < params.length; i++) {
      params[i].download(destination.tensor(i), 0);
    }
  }

  @Override
  public void readGradients(TailParameters destination) {
    for (int i = 0; i < grads.length; i++) {
      grads[i].download(destination.tensor(i), 0);
    }
  }

  @Override
  public void resetMoments() {
    for (int i = 0; i < params.length; i++) {
      m[i].zero();
      v[i].zero();
    }
  }

  @Override
  public void adamStep(float alpha) {
    launches.adamStep(alpha, adam.oneMinusBeta1(), adam.oneMinusBeta2(), adam.epsilon());
    checkCuda(cudart.cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  }

  @Override
  public void loadInput(float[] trunk, int n, Buffer input) {
    int size = spec.inputSize();
    try (FloatPointer host = new FloatPointer((long) n * size)) {
      host.put(trunk, 0, n * size);
      checkCuda(
          cudart.cudaMemcpy(
              rows.floatsAt(0), host, (long) n * size * Float.BYTES, cudart.cudaMemcpyHostToDevice),
          "cudaMemcpy");
    }
    launches.toChannelMajor(rows, input, n);
  }

  @Override
  public void depthwiseForward(int block, Buffer in, Buffer out, int n) {
    launches.depthwiseForward(block, in, out, n);
  }

  @Override
  public void fillBias(int biasIndex, Buffer residual, int channels, int cols, Buffer out) {
    launches.fillBias(biasIndex, residual, channels, cols, out);
  }

  @Override
  public void reluPool(
      Buffer lastOut, int biasIndex, int channels, int n, int pixels, float[] pooled) {
    launches.reluPool(lastOut, biasIndex, channels, n, pixels, pooledDev);
    pooledDev.download(pooled, 0);
  }

  @Override
  public void poolBackward(
      Buffer lastOut, float[] dPooled, int channels, int n, int pixels, Buffer grad) {
    dPooledDev.upload(Arrays.copyOf(dPooled, n * channels), 0);
    launches.poolBackward(lastOut, dPooledDev, channels, n, pixels, grad);
  }

  @Override
  public void depthwiseBackward(
      int block, Buffer gradOut, Buffer out, Buffer in, Buffer gradIn, int n) {
    launches.depthwiseBackward(block, gradOut, out, in, gradIn, n);
  }

  @Override
  public void copy(Buffer from, Buffer to, long floats) {
    DeviceBuffer.copy((DeviceBuffer) from, 0, (DeviceBuffer) to, 0, floats);
  }

  @Override
  public void addInto(Buffer from, Buffer into, long floats) {
    launches.addInto(from, into, floats);
  }

  @Override
  public void gemm(
      boolean transA,
      boolean transB,
      int mRows,
      int nCols,
      int k,
      Buffer a,
      Buffer b,
      float beta,
      Buffer c) {
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
            dev(b).floatsAt(0),
            g.ldFirst(),
            dev(a).floatsAt(0),
            g.ldSecond(),
            beta == 0f ? zero : one,
            dev(c).floatsAt(0),
            g.ldc()),
        "cublasSgemm_v2");
  }

  @Override
  public void rowSums(int rowsCount, int cols, Buffer a, Buffer out) {
    // column-major view of a row-major matrix is its transpose (cols × rows, ld = cols)
    checkCuda(
        cublas.cublasSgemv_v2(
            handle,
            cublas.CUBLAS_OP_T,
            cols,
            rowsCount,
            one,
            dev(a).floatsAt(0),
            cols,
            ones.floatsAt(0),
            1,
            zero,
            dev(out).floatsAt(0),
            1),
        "cublasSgemv_v2");
  }

  private static DeviceBuffer dev(Buffer b) {
    return (DeviceBuffer) b;
  }

  /** One launch of {@link TailLaunches}; a null buffer passes the address 0. */
  private void launch(String kernel, int grid, int block, Object... args) {
    Object[] a = args.clone();
    for (int i = 0; i < a.length; i++) {
      if (a[i] == null) {
        a[i] = 0L;
      }
    }
    kernels.launch(kernel, grid, block, a);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    one.close();
    zero.close();
    if (handle != null) {
      cublas.cublasDestroy_v2(handle);
      handle = null;
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
