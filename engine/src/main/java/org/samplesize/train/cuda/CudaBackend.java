package org.samplesize.train.cuda;

import static org.samplesize.train.cuda.CudaStatus.checkCuda;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.samplesize.UnavailableException;
import org.samplesize.train.Backend;
import org.samplesize.train.FeatureMatrix;
import org.samplesize.train.HeadOptions;
import org.samplesize.train.HeadStack;

/**
 * The CUDA backend: cuBLAS (pedantic fp32 math, no TF32) for the batched matrix products of all
 * models, and our own NVRTC-compiled kernels ({@link HeadKernels}) for dropout, softmax +
 * cross-entropy gradient, Adam, scoring and the AUC histogram. Owns a cuBLAS handle and the
 * compiled modules; {@link #close()} releases them. Use from one thread.
 */
public final class CudaBackend implements Backend {
  private final int device;
  private final String deviceName;
  private final int ccMajor;
  private final int ccMinor;
  private cublasContext blas;
  private final Map<String, KernelModule> modules = new HashMap<>();

  /**
   * @param device CUDA device index, in {@code [0, device count)}
   * @throws UnavailableException when no usable GPU is there or the index is outside the devices
   */
  public CudaBackend(int device) {
    CudaProbe.Result probe = CudaProbe.probe();
    if (!probe.available()) {
      throw new UnavailableException("no usable CUDA GPU: " + probe.reason());
    }
    if (device < 0 || device >= probe.deviceCount()) {
      throw new UnavailableException(
          "CUDA device " + device + " is not there: the runtime reports " + probe.deviceCount());
    }
    this.device = device;
    checkCuda(cudart.cudaSetDevice(device), "cudaSetDevice");
    checkCuda(cudart.cudaFree(null), "cudaFree"); // creates the primary context
    int[] v = new int[1];
    checkCuda(
        cudart.cudaDeviceGetAttribute(v, cudart.cudaDevAttrComputeCapabilityMajor, device),
        "cudaDeviceGetAttribute");
    ccMajor = v[0];
    checkCuda(
        cudart.cudaDeviceGetAttribute(v, cudart.cudaDevAttrComputeCapabilityMinor, device),
        "cudaDeviceGetAttribute");
    ccMinor = v[0];
    try (cudaDeviceProp prop = new cudaDeviceProp()) {
      checkCuda(cudart.cudaGetDeviceProperties(prop, device), "cudaGetDeviceProperties");
      deviceName = prop.name().getString();
    }
    cublasContext h = new cublasContext();
    checkCuda(cublas.cublasCreate_v2(h), "cublasCreate_v2");
    blas = h;
    checkCuda(cublas.cublasSetMathMode(h, cublas.CUBLAS_PEDANTIC_MATH), "cublasSetMathMode");
  }

  @Override
  public String name() {
    return "cuda:" + device + " " + deviceName;
  }

  @Override
  public HeadStack openStack(
      FeatureMatrix features, int[] labels, int numClasses, int models, HeadOptions options) {
    ensureOpen();
    return new CudaHeadStack(this, features, labels, numClasses, models, options);
  }

  cublasContext blas() {
    ensureOpen();
    return blas;
  }

  KernelModule kernels(int cols, int classes, int batch) {
    ensureOpen();
    String key = cols + "x" + classes + "x" + batch;
    KernelModule m = modules.get(key);
    if (m == null) {
      m =
          new KernelModule(
              HeadKernels.source(cols, classes, batch),
              "head_" + key + ".cu",
              ccMajor,
              ccMinor,
              HeadKernels.NAMES);
      modules.put(key, m);
    }
    return m;
  }

  void ensureOpen() {
    if (blas == null) {
      throw new IllegalStateException("CudaBackend is closed");
    }
    checkCuda(cudart.cudaSetDevice(device), "cudaSetDevice");
  }

  @Override
  public void close() {
    if (blas != null) {
      cublasContext h = blas;
      blas = null;
      try {
        for (KernelModule m : modules.values()) {
          m.close();
        }
        modules.clear();
      } finally {
        checkCuda(cublas.cublasDestroy_v2(h), "cublasDestroy_v2");
      }
    }
  }
}
